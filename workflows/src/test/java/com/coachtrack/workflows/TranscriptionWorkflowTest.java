package com.coachtrack.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.workflows.activities.AudioActivities;
import com.coachtrack.workflows.activities.ChunkPlan;
import com.coachtrack.workflows.activities.ChunkResult;
import com.coachtrack.workflows.activities.ChunkState;
import com.coachtrack.workflows.activities.ChunkTask;
import com.coachtrack.workflows.activities.DecodedAudio;
import com.coachtrack.workflows.activities.SessionActivities;
import com.coachtrack.workflows.activities.StatusChange;
import com.coachtrack.workflows.activities.TranscribeActivities;
import com.coachtrack.workflows.activities.TranscriptSummary;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.SessionStatus;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The workflow's own logic, with its activities replaced by in-memory collaborators. */
class TranscriptionWorkflowTest {
  private static final String SESSION = "5a3d7c3e-8b1f-4a3e-9d53-3c8f5a2b9e10";
  private static final String LONG_SESSION = "0f7c1d2e-3a4b-4c5d-8e6f-7a8b9c0d1e2f";

  private final FakeSessions sessions = new FakeSessions();
  private final FakeAudio audio = new FakeAudio();
  private final FakeTranscriber transcriber = new FakeTranscriber();

  @RegisterExtension
  final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(TranscriptionWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private WorkflowClient start(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(sessions);
    // Two engine slots, as on a 2-core worker: the window is what the fair share is made of.
    env.newWorker(
            TaskQueues.ENGINE,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(2)
                // As in production, so a cancel reaches a running chunk within a second.
                .setDefaultHeartbeatThrottleInterval(Duration.ofMillis(500))
                .setMaxHeartbeatThrottleInterval(Duration.ofMillis(500))
                .build())
        .registerActivitiesImplementations(transcriber);
    env.newWorker(TaskQueues.PREPARE).registerActivitiesImplementations(audio);
    env.start();
    return env.getWorkflowClient();
  }

  private TranscriptionWorkflow newWorkflow(WorkflowClient client, Worker worker) {
    return newWorkflow(client, worker, SESSION);
  }

  private TranscriptionWorkflow newWorkflow(
      WorkflowClient client, Worker worker, String sessionId) {
    return client.newWorkflowStub(
        TranscriptionWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(TaskQueues.transcriptionWorkflowId(sessionId))
            .setTaskQueue(worker.getTaskQueue())
            .build());
  }

  private static TranscriptionRequest request() {
    return request(SESSION);
  }

  private static TranscriptionRequest request(String sessionId) {
    return new TranscriptionRequest(
        sessionId, "coach-a", "sessions/" + sessionId + "/upload", "sphinx4", 95, 1, 2);
  }

  @Test
  void transcribesEveryChunkThenStoresTheTranscriptAndCompletes(
      TestWorkflowEnvironment env, Worker worker) {
    WorkflowClient client = start(env, worker);
    String result = newWorkflow(client, worker).transcribe(request());

    assertThat(result).isEqualTo("completed");
    assertThat(transcriber.transcribed).containsExactlyInAnyOrder(0, 1, 2);
    assertThat(sessions.statuses()).containsExactly(SessionStatus.COMPLETED);
    assertThat(sessions.assembled.get()).isEqualTo(1);
    assertThat(sessions.duration).isEqualTo(95.0);
  }

  @Test
  void aLoneSessionFillsItsWindowWithChunksInRecordingOrderAndNeverMore(
      TestWorkflowEnvironment env, Worker worker) {
    transcriber.chunkMillis = 100;
    WorkflowClient client = start(env, worker);
    String result = newWorkflow(client, worker, LONG_SESSION).transcribe(request(LONG_SESSION));

    assertThat(result).isEqualTo("completed");
    List<String> started = List.copyOf(transcriber.started);
    assertThat(started)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 10).mapToObj(i -> LONG_SESSION + "/" + i).toList());
    // Chunks scheduled together may start in either order, but never further apart than that.
    for (int i = 0; i + 2 < 10; i++) {
      assertThat(started.indexOf(LONG_SESSION + "/" + i))
          .isLessThan(started.indexOf(LONG_SESSION + "/" + (i + 2)));
    }
    assertThat(transcriber.mostAtOnce.get()).as("the window, and every slot").isEqualTo(2);
  }

  @Test
  void aShortSessionArrivingDuringALongOneGetsTheNextFreeSlot(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    transcriber.chunkMillis = 300;
    WorkflowClient client = start(env, worker);
    TranscriptionWorkflow longRun = newWorkflow(client, worker, LONG_SESSION);
    WorkflowClient.start(longRun::transcribe, request(LONG_SESSION));
    waitUntil(() -> transcriber.started.size() >= 2);
    TranscriptionWorkflow shortRun = newWorkflow(client, worker, SESSION);
    WorkflowClient.start(shortRun::transcribe, request(SESSION));

    assertThat(WorkflowStub.fromTyped(shortRun).getResult(String.class)).isEqualTo("completed");
    List<String> order = List.copyOf(transcriber.started);
    int shortFirst = order.indexOf(SESSION + "/0");
    int longChunksBefore = (int) order.subList(0, shortFirst).stream().count();
    // Queued behind the long session's window, not behind all ten of its chunks.
    assertThat(longChunksBefore).isLessThanOrEqualTo(4);
    assertThat(order).doesNotContain(LONG_SESSION + "/9");
    assertThat(WorkflowStub.fromTyped(longRun).getResult(String.class)).isEqualTo("completed");
  }

  @Test
  void afterAFailedChunkNoNewChunkStartsButTheRunningOneFinishes(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    transcriber.blockChunk = 0;
    transcriber.failChunkOnce = 1;
    WorkflowClient client = start(env, worker);
    TranscriptionWorkflow workflow = newWorkflow(client, worker, LONG_SESSION);
    WorkflowClient.start(workflow::transcribe, request(LONG_SESSION));
    assertThat(transcriber.blocked.await(20, TimeUnit.SECONDS)).isTrue();
    waitUntil(() -> transcriber.started.contains(LONG_SESSION + "/1"));
    transcriber.release.countDown();
    waitUntil(() -> sessions.statuses().contains(SessionStatus.FAILED));

    assertThat(transcriber.started)
        .containsExactlyInAnyOrder(LONG_SESSION + "/0", LONG_SESSION + "/1");
    assertThat(sessions.done).containsExactly(LONG_SESSION + "/0");
    workflow.cancel("test");
  }

  @Test
  void runsStartedBeforeTheFairShareReplayUnchanged() throws Exception {
    WorkflowReplayer.replayWorkflowExecutionFromResource(
        "histories/transcription-all-chunks-at-once.json", TranscriptionWorkflowImpl.class);
  }

  @Test
  void progressQueryReportsChunksAndNeverNull(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    transcriber.blockChunk = 2;
    WorkflowClient client = start(env, worker);
    TranscriptionWorkflow workflow = newWorkflow(client, worker);
    WorkflowClient.start(workflow::transcribe, request());
    assertThat(transcriber.blocked.await(20, TimeUnit.SECONDS)).isTrue();
    waitUntil(() -> workflow.progress().chunksDone() == 2);

    WorkflowProgress progress = workflow.progress();
    assertThat(progress.phase()).isEqualTo("transcribing");
    assertThat(progress.chunksTotal()).isEqualTo(3);
    assertThat(progress.lastErrorCode()).isEmpty();
    transcriber.release.countDown();
    assertThat(WorkflowStub.fromTyped(workflow).getResult(String.class)).isEqualTo("completed");
    assertThat(workflow.progress().phase()).isEqualTo("completed");
  }

  @Test
  void aPermanentFailureFailsAtOnceWithoutWaitingForRetry(
      TestWorkflowEnvironment env, Worker worker) {
    audio.failWith = ErrorCode.NO_SPEECH;
    WorkflowClient client = start(env, worker);
    String result = newWorkflow(client, worker).transcribe(request());

    assertThat(result).isEqualTo("failed");
    assertThat(audio.decodeCalls.get()).isEqualTo(1);
    StatusChange failed = sessions.changes.get(0);
    assertThat(failed.to()).isEqualTo(SessionStatus.FAILED);
    assertThat(failed.errorCode()).isEqualTo(ErrorCode.NO_SPEECH);
    assertThat(failed.message()).isEqualTo(ErrorCode.NO_SPEECH.userMessage());
  }

  @Test
  void aRetryResumesFromStoredChunksWithTheNextAttempt(TestWorkflowEnvironment env, Worker worker) {
    transcriber.failChunkOnce = 1;
    WorkflowClient client = start(env, worker);
    TranscriptionWorkflow workflow = newWorkflow(client, worker);
    WorkflowClient.start(workflow::transcribe, request());
    waitUntil(() -> sessions.statuses().contains(SessionStatus.FAILED));
    assertThat(workflow.progress().phase()).isEqualTo("failed_waiting_for_retry");
    assertThat(sessions.changes.get(0).errorCode()).isEqualTo(ErrorCode.ENGINE_CRASH);

    workflow.retry("ana@example.com");
    assertThat(WorkflowStub.fromTyped(workflow).getResult(String.class)).isEqualTo("completed");
    assertThat(sessions.statuses())
        .containsExactly(SessionStatus.FAILED, SessionStatus.PENDING, SessionStatus.COMPLETED);
    assertThat(sessions.changes.get(1).attempt()).isEqualTo(2);
    assertThat(sessions.changes.get(1).actor()).isEqualTo("ana@example.com");
    assertThat(sessions.changes.get(2).actor()).as("the system completed it").isNull();
    // chunks 0 and 2 were stored in attempt 1 and are not transcribed again
    assertThat(transcriber.transcribed).containsExactlyInAnyOrder(0, 2, 1);
  }

  @Test
  void aFailedRunClosesAfterTheRetryWindow(TestWorkflowEnvironment env, Worker worker) {
    transcriber.failChunkOnce = 0;
    WorkflowClient client = start(env, worker);
    String result = newWorkflow(client, worker).transcribe(request());
    assertThat(result).isEqualTo("failed");
    assertThat(sessions.statuses()).containsExactly(SessionStatus.FAILED);
  }

  @Test
  void cancelStopsRunningChunksAndRecordsCancelled(TestWorkflowEnvironment env, Worker worker)
      throws Exception {
    transcriber.blockChunk = 0;
    WorkflowClient client = start(env, worker);
    TranscriptionWorkflow workflow = newWorkflow(client, worker);
    WorkflowClient.start(workflow::transcribe, request());
    assertThat(transcriber.blocked.await(20, TimeUnit.SECONDS)).isTrue();

    workflow.cancel("ana@example.com");
    assertThat(WorkflowStub.fromTyped(workflow).getResult(String.class)).isEqualTo("cancelled");
    assertThat(sessions.statuses()).containsExactly(SessionStatus.CANCELLED);
    assertThat(sessions.changes.get(0).actor()).isEqualTo("ana@example.com");
    assertThat(sessions.assembled.get()).isZero();
    assertThat(transcriber.cancelled.await(20, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aDatabaseOutageOutlastingTheEngineRetriesDoesNotFailTheRun(
      TestWorkflowEnvironment env, Worker worker) {
    // Four attempts are all an engine failure gets; a database outage is waited out.
    transcriber.databaseFailures.set(9);
    WorkflowClient client = start(env, worker);
    String result = newWorkflow(client, worker).transcribe(request());
    assertThat(result).isEqualTo("completed");
    assertThat(sessions.statuses()).containsExactly(SessionStatus.COMPLETED);
    assertThat(transcriber.transcribed).containsExactlyInAnyOrder(0, 1, 2);
  }

  @Test
  void aCancelWhileTheTranscriptIsStoredComesTooLateAndTheRunCompletes(
      TestWorkflowEnvironment env, Worker worker) throws Exception {
    sessions.holdAssembly = new CountDownLatch(1);
    WorkflowClient client = start(env, worker);
    TranscriptionWorkflow workflow = newWorkflow(client, worker);
    WorkflowClient.start(workflow::transcribe, request());
    assertThat(sessions.assembling.await(20, TimeUnit.SECONDS)).isTrue();

    workflow.cancel("ana@example.com");
    sessions.holdAssembly.countDown();

    assertThat(WorkflowStub.fromTyped(workflow).getResult(String.class)).isEqualTo("completed");
    assertThat(sessions.statuses()).containsExactly(SessionStatus.COMPLETED);
  }

  @Test
  void retryIsIgnoredUnlessTheRunFailed(TestWorkflowEnvironment env, Worker worker) {
    transcriber.blockChunk = 0;
    WorkflowClient client = start(env, worker);
    TranscriptionWorkflow workflow = newWorkflow(client, worker);
    WorkflowClient.start(workflow::transcribe, request());
    workflow.retry("ana@example.com");
    transcriber.release.countDown();
    assertThat(WorkflowStub.fromTyped(workflow).getResult(String.class)).isEqualTo("completed");
    assertThat(workflow.progress().attempt()).isEqualTo(1);
  }

  @Test
  void classifiesTimeoutsAsStalledAndUnknownFailuresAsEngineCrashes() {
    assertThat(
            TranscriptionWorkflowImpl.classify(
                ApplicationFailure.newFailure("x", ErrorCode.CORRUPT_AUDIO.failureType())))
        .isEqualTo(ErrorCode.CORRUPT_AUDIO);
    assertThat(TranscriptionWorkflowImpl.classify(ApplicationFailure.newFailure("x", "Other")))
        .isEqualTo(ErrorCode.ENGINE_CRASH);
    assertThat(TranscriptionWorkflowImpl.classify(new IllegalStateException()))
        .isEqualTo(ErrorCode.ENGINE_CRASH);
    assertThat(
            TranscriptionWorkflowImpl.classify(
                new TimeoutFailure("no heartbeat", null, TimeoutType.TIMEOUT_TYPE_HEARTBEAT)))
        .isEqualTo(ErrorCode.STALLED);
    assertThat(
            TranscriptionWorkflowImpl.classify(
                new TimeoutFailure("gone", null, TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE)))
        .isEqualTo(ErrorCode.WORKER_LOST);
  }

  private static void waitUntil(java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("condition within 20 s").isLessThan(deadline);
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  static final class FakeSessions implements SessionActivities {
    final List<StatusChange> changes = Collections.synchronizedList(new ArrayList<>());
    final Set<String> done = ConcurrentHashMap.newKeySet();
    final AtomicInteger assembled = new AtomicInteger();
    volatile double duration;
    final CountDownLatch assembling = new CountDownLatch(1);
    volatile CountDownLatch holdAssembly = new CountDownLatch(0);

    List<SessionStatus> statuses() {
      synchronized (changes) {
        return changes.stream().map(StatusChange::to).toList();
      }
    }

    @Override
    public void recordStatus(StatusChange change) {
      changes.add(change);
    }

    @Override
    public void recordDuration(String sessionId, double durationSeconds) {
      duration = durationSeconds;
    }

    @Override
    public List<ChunkState> registerChunks(String sessionId, List<ChunkPlan> plan) {
      return plan.stream()
          .map(chunk -> new ChunkState(chunk, done.contains(sessionId + "/" + chunk.index())))
          .toList();
    }

    @Override
    public TranscriptSummary assembleTranscript(String sessionId) {
      assembling.countDown();
      try {
        holdAssembly.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      assembled.incrementAndGet();
      return new TranscriptSummary(done.size() * 10, done.size(), duration);
    }
  }

  final class FakeAudio implements AudioActivities {
    final AtomicInteger decodeCalls = new AtomicInteger();
    volatile ErrorCode failWith;

    @Override
    public DecodedAudio decode(String sessionId, String sourceKey) {
      decodeCalls.incrementAndGet();
      if (failWith != null) {
        throw ApplicationFailure.newNonRetryableFailure("no speech here", failWith.failureType());
      }
      return new DecodedAudio("sessions/" + sessionId + "/audio.pcm", 95);
    }

    @Override
    public List<ChunkPlan> planChunks(String pcmKey, double durationSeconds) {
      if (pcmKey.contains(LONG_SESSION)) {
        return IntStream.range(0, 10).mapToObj(i -> new ChunkPlan(i, i * 30, i * 30 + 30)).toList();
      }
      return List.of(new ChunkPlan(0, 0, 40), new ChunkPlan(1, 40, 80), new ChunkPlan(2, 80, 95));
    }
  }

  final class FakeTranscriber implements TranscribeActivities {
    final List<Integer> transcribed = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch blocked = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch cancelled = new CountDownLatch(1);
    volatile int blockChunk = -1;
    volatile int failChunkOnce = -1;
    final AtomicInteger databaseFailures = new AtomicInteger();

    final List<String> started = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    volatile long chunkMillis;

    @Override
    public ChunkResult transcribeChunk(ChunkTask task) {
      int index = task.chunk().index();
      started.add(task.sessionId() + "/" + index);
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        return transcribe(task, index);
      } finally {
        running.decrementAndGet();
      }
    }

    private ChunkResult transcribe(ChunkTask task, int index) {
      if (chunkMillis > 0) {
        try {
          Thread.sleep(chunkMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      if (index == 1 && databaseFailures.getAndDecrement() > 0) {
        throw ApplicationFailure.newFailure(
            "database down", ErrorCode.DATABASE_ERROR.failureType());
      }
      if (index == failChunkOnce) {
        failChunkOnce = -1;
        throw ApplicationFailure.newNonRetryableFailure(
            "engine died", ErrorCode.ENGINE_CRASH.failureType());
      }
      if (index == blockChunk) {
        blocked.countDown();
        try {
          while (!release.await(100, TimeUnit.MILLISECONDS)) {
            Activity.getExecutionContext().heartbeat(index);
          }
        } catch (io.temporal.client.ActivityCompletionException e) {
          cancelled.countDown();
          throw e;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      transcribed.add(index);
      sessions.done.add(task.sessionId() + "/" + index);
      return new ChunkResult(index, 10, task.chunk().lengthSeconds(), false);
    }
  }
}
