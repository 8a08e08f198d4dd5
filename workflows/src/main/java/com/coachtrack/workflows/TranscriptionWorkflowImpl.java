package com.coachtrack.workflows;

import com.coachtrack.workflows.activities.AudioActivities;
import com.coachtrack.workflows.activities.ChunkPlan;
import com.coachtrack.workflows.activities.ChunkResult;
import com.coachtrack.workflows.activities.ChunkState;
import com.coachtrack.workflows.activities.ChunkTask;
import com.coachtrack.workflows.activities.DecodedAudio;
import com.coachtrack.workflows.activities.SessionActivities;
import com.coachtrack.workflows.activities.StatusChange;
import com.coachtrack.workflows.activities.TranscribeActivities;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.FailureTypes;
import com.coachtrack.workflows.status.SessionStatus;
import com.coachtrack.workflows.status.StatusMessages;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

public class TranscriptionWorkflowImpl implements TranscriptionWorkflow {
  /**
   * How long a failed run waits for the coach's Retry before it closes (a new run is started then).
   */
  static final Duration RETRY_WINDOW = Duration.ofDays(30);

  /** How long a database outage is waited out before the work is given up. */
  static final Duration DATABASE_OUTAGE_LIMIT = Duration.ofDays(7);

  private static final RetryOptions ENGINE_RETRY =
      RetryOptions.newBuilder()
          .setInitialInterval(Duration.ofSeconds(5))
          .setBackoffCoefficient(2)
          .setMaximumInterval(Duration.ofMinutes(1))
          .setMaximumAttempts(4)
          .setDoNotRetry(ErrorCode.permanentFailureTypes())
          .build();

  /**
   * Runs started before preparation got its own queue and chunks a sliding window replay with every
   * chunk scheduled at once, on the engine queue.
   */
  static final String FAIR_SHARE_CHANGE = "fair-share-of-engines";

  private static final int FAIR_SHARE = 1;

  // Decoding heartbeats as ffmpeg goes: a worker lost mid-decode is noticed within a minute, not
  // after the 30 minutes a 3-hour recording may take to decode.
  private final AudioActivities decoder = decoderOn(TaskQueues.PREPARE);
  private final AudioActivities planner = plannerOn(TaskQueues.PREPARE);
  private final AudioActivities decoderBeforeFairShare = decoderOn(TaskQueues.ENGINE);
  private final AudioActivities plannerBeforeFairShare = plannerOn(TaskQueues.ENGINE);

  // A chunk is tens of seconds of audio: even the slowest engine finishes it well within 30
  // minutes, and a worker that stops heartbeating for 30 s is presumed dead so the chunk moves to
  // another worker.
  private final TranscribeActivities transcriber =
      Workflow.newActivityStub(
          TranscribeActivities.class,
          ActivityOptions.newBuilder()
              .setTaskQueue(TaskQueues.ENGINE)
              .setStartToCloseTimeout(Duration.ofMinutes(30))
              .setHeartbeatTimeout(Duration.ofSeconds(30))
              // A cancelled run does not ask Temporal to cancel its running chunks: it records the
              // cancel and closes, and each chunk's next heartbeat, refused once the run is closed,
              // stops its engine within seconds. Asking instead races chunks finishing at that
              // moment, which Temporal's test server (the embedded default) does not survive: it
              // applies half of the run's commands and the run never moves again.
              .setCancellationType(ActivityCancellationType.ABANDON)
              .setRetryOptions(ENGINE_RETRY)
              .build());

  // Bookkeeping runs on the workflow's own queue, never behind engine work, and is never lost to a
  // database outage: retried (at most a minute apart) for as long as one may reasonably last. A
  // cancel abandons rather than cancels it, as it does the engine work (see the transcriber).
  private final SessionActivities sessions =
      Workflow.newActivityStub(
          SessionActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setCancellationType(ActivityCancellationType.ABANDON)
              .setScheduleToCloseTimeout(DATABASE_OUTAGE_LIMIT)
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .setDoNotRetry(FailureTypes.SESSION_GONE, FailureTypes.ILLEGAL_TRANSITION)
                      .build())
              .build());

  // Abandoned on cancel like the chunks (see the transcriber): a decode that ends as the cancel
  // arrives would otherwise leave the run stuck on the test server; ffmpeg stops at its next
  // heartbeat once the run is closed.
  private static AudioActivities decoderOn(String taskQueue) {
    return Workflow.newActivityStub(
        AudioActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(taskQueue)
            .setStartToCloseTimeout(Duration.ofMinutes(30))
            .setHeartbeatTimeout(Duration.ofMinutes(1))
            .setCancellationType(ActivityCancellationType.ABANDON)
            .setRetryOptions(ENGINE_RETRY)
            .build());
  }

  private static AudioActivities plannerOn(String taskQueue) {
    return Workflow.newActivityStub(
        AudioActivities.class,
        ActivityOptions.newBuilder()
            .setTaskQueue(taskQueue)
            .setStartToCloseTimeout(Duration.ofMinutes(10))
            .setCancellationType(ActivityCancellationType.ABANDON)
            .setRetryOptions(ENGINE_RETRY)
            .build());
  }

  private Phase phase = Phase.QUEUED;
  private int attempt = 1;
  private int chunksTotal;
  private int chunksDone;
  private boolean retryRequested;
  private boolean cancelRequested;
  private String retryRequestedBy;
  private String cancelRequestedBy;
  private String lastErrorCode = "";

  @Override
  public String transcribe(TranscriptionRequest request) {
    attempt = Math.max(1, request.attempt());
    while (true) {
      TemporalFailure failure = runAttemptUnlessCancelled(request);
      if (phase == Phase.COMPLETED) {
        // A cancel that arrived while the transcript was being stored came too late.
        return SessionStatus.COMPLETED.wireName();
      }
      if (cancelRequested || failure == null) {
        return finishCancelled(request);
      }
      ErrorCode code = classify(failure);
      lastErrorCode = code.wireName();
      phase = code.retryable() ? Phase.FAILED_WAITING_FOR_RETRY : Phase.FAILED;
      sessions.recordStatus(
          new StatusChange(
              request.sessionId(),
              SessionStatus.FAILED,
              attempt,
              code.userMessage(),
              code,
              detail(failure),
              null));
      if (!code.retryable()) {
        return SessionStatus.FAILED.wireName();
      }
      boolean signalled = Workflow.await(RETRY_WINDOW, () -> retryRequested || cancelRequested);
      if (cancelRequested) {
        return finishCancelled(request);
      }
      if (!signalled) {
        phase = Phase.FAILED;
        return SessionStatus.FAILED.wireName();
      }
      retryRequested = false;
      attempt++;
      phase = Phase.QUEUED;
      sessions.recordStatus(
          StatusChange.to(request.sessionId(), SessionStatus.PENDING, attempt, StatusMessages.RETRY)
              .by(retryRequestedBy));
    }
  }

  /**
   * @return the failure of this attempt, or null when it completed or was cancelled
   */
  private TemporalFailure runAttemptUnlessCancelled(TranscriptionRequest request) {
    List<Promise<Void>> holder = new ArrayList<>(1);
    CancellationScope scope =
        Workflow.newCancellationScope(() -> holder.add(Async.procedure(this::runAttempt, request)));
    scope.run();
    Promise<Void> attemptDone = holder.get(0);
    // Once every chunk is done the transcript is stored whatever happens: a cancel that late would
    // throw away finished work and race the completion the coach may already see.
    Workflow.await(() -> attemptDone.isCompleted() || cancelRequested && phase != Phase.ASSEMBLING);
    if (!attemptDone.isCompleted()) {
      scope.cancel();
    }
    try {
      attemptDone.get();
      return null;
    } catch (CanceledFailure e) {
      return null;
    } catch (TemporalFailure e) {
      return cancelRequested ? null : e;
    }
  }

  private void runAttempt(TranscriptionRequest request) {
    String sessionId = request.sessionId();
    boolean fairShare =
        Workflow.getVersion(FAIR_SHARE_CHANGE, Workflow.DEFAULT_VERSION, FAIR_SHARE) == FAIR_SHARE;
    phase = Phase.DECODING;
    DecodedAudio decoded =
        (fairShare ? decoder : decoderBeforeFairShare).decode(sessionId, request.sourceKey());
    sessions.recordDuration(sessionId, decoded.durationSeconds());
    phase = Phase.PLANNING;
    List<ChunkPlan> plan =
        (fairShare ? planner : plannerBeforeFairShare)
            .planChunks(decoded.pcmKey(), decoded.durationSeconds());
    List<ChunkState> chunks = sessions.registerChunks(sessionId, plan);
    chunksTotal = chunks.size();
    chunksDone = (int) chunks.stream().filter(ChunkState::done).count();
    phase = Phase.TRANSCRIBING;
    List<ChunkTask> todo = new ArrayList<>();
    for (ChunkState chunk : chunks) {
      if (!chunk.done()) {
        todo.add(new ChunkTask(sessionId, decoded.pcmKey(), chunk.plan(), request.engine()));
      }
    }
    transcribeInRecordingOrder(
        todo, fairShare ? Math.max(1, request.chunkWindow()) : Integer.MAX_VALUE);
    phase = Phase.ASSEMBLING;
    if (todo.isEmpty()) {
      // Everything was stored by an earlier run: no chunk activity moved the session to processing.
      sessions.recordStatus(
          StatusChange.to(
              sessionId, SessionStatus.PROCESSING, attempt, "Assembling the transcript..."));
    }
    sessions.assembleTranscript(sessionId);
    sessions.recordStatus(
        StatusChange.to(sessionId, SessionStatus.COMPLETED, attempt, StatusMessages.COMPLETED));
    phase = Phase.COMPLETED;
  }

  /**
   * A chunk whose worker could not write to the database is tried again, for as long as an outage
   * may last, without counting against the engine's attempts: the database being down says nothing
   * about the chunk or its recording.
   */
  private ChunkResult transcribeThroughDatabaseOutages(ChunkTask task) {
    long giveUpAt = Workflow.currentTimeMillis() + DATABASE_OUTAGE_LIMIT.toMillis();
    Duration wait = Duration.ofSeconds(5);
    while (true) {
      try {
        return transcriber.transcribeChunk(task);
      } catch (ActivityFailure e) {
        if (classify(e) != ErrorCode.DATABASE_ERROR || Workflow.currentTimeMillis() > giveUpAt) {
          throw e;
        }
        Workflow.sleep(wait);
        wait =
            wait.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0
                ? Duration.ofMinutes(1)
                : wait.multipliedBy(2);
      }
    }
  }

  /**
   * Keeps at most {@code window} chunks in flight, started in recording order: the engine queue is
   * first come first served, so a session that only ever queues its window's worth lets every
   * session that arrives later slip its chunks in between (a fair share of the engines), and its
   * transcript fills in from the start. After a failure no new chunk starts, but the ones running
   * finish and store their words, so a retry has less left to do.
   */
  private void transcribeInRecordingOrder(List<ChunkTask> todo, int window) {
    List<Promise<RuntimeException>> inFlight = new ArrayList<>();
    RuntimeException firstFailure = null;
    int next = 0;
    while (next < todo.size() || !inFlight.isEmpty()) {
      while (firstFailure == null
          && !CancellationScope.current().isCancelRequested()
          && next < todo.size()
          && inFlight.size() < window) {
        inFlight.add(
            Async.function(this::transcribeThroughDatabaseOutages, todo.get(next++))
                .handle(
                    (result, failure) -> {
                      if (failure == null) {
                        chunksDone++;
                      }
                      return failure;
                    }));
      }
      if (inFlight.isEmpty()) {
        break;
      }
      Promise.anyOf(inFlight).get();
      for (Promise<RuntimeException> chunk : List.copyOf(inFlight)) {
        if (chunk.isCompleted()) {
          inFlight.remove(chunk);
          if (chunk.get() != null && firstFailure == null) {
            firstFailure = chunk.get();
          }
        }
      }
    }
    if (firstFailure != null) {
      throw firstFailure;
    }
    // Cancelled before every chunk started: the scope's cancellation ends the attempt.
    CancellationScope.throwCanceled();
  }

  private String finishCancelled(TranscriptionRequest request) {
    phase = Phase.CANCELLED;
    sessions.recordStatus(
        StatusChange.to(
                request.sessionId(), SessionStatus.CANCELLED, attempt, StatusMessages.CANCELLED)
            .by(cancelRequestedBy));
    return SessionStatus.CANCELLED.wireName();
  }

  static ErrorCode classify(Throwable failure) {
    Throwable cause = failure;
    while (cause != null) {
      if (cause instanceof ApplicationFailure application) {
        return ErrorCode.fromFailureType(application.getType());
      }
      if (cause instanceof TimeoutFailure timeout) {
        // No heartbeat means the chunk stopped moving; any other timeout means its worker went
        // away.
        return timeout.getTimeoutType() == TimeoutType.TIMEOUT_TYPE_HEARTBEAT
            ? ErrorCode.STALLED
            : ErrorCode.WORKER_LOST;
      }
      cause = cause.getCause();
    }
    return ErrorCode.ENGINE_CRASH;
  }

  private static String detail(TemporalFailure failure) {
    Throwable cause = failure;
    while (cause instanceof ActivityFailure && cause.getCause() != null) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    return message == null ? cause.getClass().getSimpleName() : message;
  }

  @Override
  public WorkflowProgress progress() {
    return new WorkflowProgress(
        phase.wireName(), attempt, chunksTotal, chunksDone, cancelRequested, lastErrorCode);
  }

  @Override
  public void retry(String requestedBy) {
    if (phase == Phase.FAILED_WAITING_FOR_RETRY) {
      retryRequested = true;
      retryRequestedBy = requestedBy;
    }
  }

  @Override
  public void cancel(String requestedBy) {
    if (!cancelRequested) {
      cancelRequested = true;
      cancelRequestedBy = requestedBy;
    }
  }
}
