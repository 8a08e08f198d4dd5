package com.coachtrack.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.coachtrack.workflows.activities.CleanupActivities;
import com.coachtrack.workflows.activities.StorageSweep;
import com.coachtrack.workflows.status.ErrorCode;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cleanup loop on the time-skipping test server, with its activity replaced by an in-memory
 * recorder.
 */
class CleanupWorkflowTest {
  private static final Duration DAY = Duration.ofDays(1);
  private static final long THIRTY_DAYS_MILLIS = Duration.ofDays(30).toMillis();
  private static final long MINUTE_MILLIS = Duration.ofMinutes(1).toMillis();

  private final RecordingCleanup activities = new RecordingCleanup();

  @RegisterExtension
  final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(CleanupWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private CleanupWorkflow start(
      TestWorkflowEnvironment env, Worker worker, CleanupRequest request) {
    worker.registerActivitiesImplementations(activities);
    env.start();
    CleanupWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                CleanupWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(TaskQueues.CLEANUP_WORKFLOW_ID)
                    .setTaskQueue(worker.getTaskQueue())
                    .build());
    WorkflowClient.start(workflow::run, request);
    return workflow;
  }

  @Test
  void deletesOncePerIntervalWithACutoffThirtyDaysBeforeEachRun(
      TestWorkflowEnvironment env, Worker worker) {
    CleanupWorkflow workflow = start(env, worker, CleanupRequest.of(30, DAY));
    long startedAt = env.currentTimeMillis();

    env.sleep(Duration.ofDays(3).plusHours(12));

    List<Long> cutoffs = activities.cutoffs();
    assertThat(cutoffs).hasSize(4); // at start, then after 1, 2 and 3 days
    assertThat(cutoffs.get(0)).isCloseTo(startedAt - THIRTY_DAYS_MILLIS, within(MINUTE_MILLIS));
    for (int run = 1; run < cutoffs.size(); run++) {
      // The next interval starts when the previous run has finished: a day plus the activity's few
      // millis.
      assertThat(cutoffs.get(run) - cutoffs.get(run - 1))
          .as("time between run %d and %d", run - 1, run)
          .isBetween(DAY.toMillis(), DAY.toMillis() + MINUTE_MILLIS);
    }
    CleanupProgress progress = workflow.progress();
    assertThat(progress.runs()).isEqualTo(4);
    assertThat(progress.sessionsDeleted()).isEqualTo(4 * RecordingCleanup.DELETED_PER_RUN);
    assertThat(Instant.parse(progress.lastRunAt()).toEpochMilli())
        .isEqualTo(cutoffs.get(3) + THIRTY_DAYS_MILLIS);
    assertThat(progress.lastError()).isEmpty();
  }

  @Test
  void continuesAsNewAfterTheConfiguredRunsAndKeepsTheTotals(
      TestWorkflowEnvironment env, Worker worker) {
    CleanupWorkflow workflow =
        start(env, worker, new CleanupRequest(30, DAY, 2, CleanupProgress.none()));
    String firstRunId = WorkflowStub.fromTyped(workflow).getExecution().getRunId();

    env.sleep(Duration.ofDays(4).plusHours(12));

    WorkflowClient client = env.getWorkflowClient();
    WorkflowExecutionDescription current =
        client.newUntypedWorkflowStub(TaskQueues.CLEANUP_WORKFLOW_ID).describe();
    assertThat(current.getExecution().getRunId()).isNotEqualTo(firstRunId);
    assertThat(current.getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    var firstHistory = client.fetchHistory(TaskQueues.CLEANUP_WORKFLOW_ID, firstRunId).getHistory();
    assertThat(firstHistory.getEvents(firstHistory.getEventsCount() - 1).getEventType())
        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);

    assertThat(activities.cutoffs()).hasSize(5);
    CleanupWorkflow latest =
        client.newWorkflowStub(CleanupWorkflow.class, TaskQueues.CLEANUP_WORKFLOW_ID);
    assertThat(latest.progress().runs()).isEqualTo(5);
    assertThat(latest.progress().sessionsDeleted()).isEqualTo(5 * RecordingCleanup.DELETED_PER_RUN);
  }

  @Test
  void aFailedRunIsReportedAndTheNextIntervalTriesAgain(
      TestWorkflowEnvironment env, Worker worker) {
    activities.failNext = true;
    CleanupWorkflow workflow = start(env, worker, CleanupRequest.of(30, DAY));
    env.sleep(Duration.ofHours(12));

    CleanupProgress failed = workflow.progress();
    assertThat(failed.runs()).isEqualTo(1);
    assertThat(failed.sessionsDeleted()).isZero();
    assertThat(failed.lastError()).isEqualTo("database down");

    env.sleep(DAY);
    CleanupProgress recovered = workflow.progress();
    assertThat(recovered.runs()).isEqualTo(2);
    assertThat(recovered.sessionsDeleted()).isEqualTo(RecordingCleanup.DELETED_PER_RUN);
    assertThat(recovered.lastError()).isEmpty();
  }

  @Test
  void ensureStartedStartsOneWorkflowAndIgnoresLaterCalls(TestWorkflowEnvironment env) {
    Worker transcription = env.newWorker(TaskQueues.TRANSCRIPTION);
    transcription.registerWorkflowImplementationTypes(CleanupWorkflowImpl.class);
    transcription.registerActivitiesImplementations(activities);
    env.start();
    WorkflowClient client = env.getWorkflowClient();

    CleanupScheduler.ensureStarted(client, 30, DAY);
    WorkflowStub stub = client.newUntypedWorkflowStub(TaskQueues.CLEANUP_WORKFLOW_ID);
    String runId = stub.describe().getExecution().getRunId();
    CleanupScheduler.ensureStarted(client, 7, DAY);

    WorkflowExecutionDescription after = stub.describe();
    assertThat(after.getExecution().getRunId()).isEqualTo(runId);
    assertThat(after.getStatus())
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    env.sleep(Duration.ofHours(1));
    assertThat(activities.cutoffs()).hasSize(1);
    assertThat(env.currentTimeMillis() - activities.cutoffs().get(0))
        .isBetween(THIRTY_DAYS_MILLIS, THIRTY_DAYS_MILLIS + Duration.ofHours(2).toMillis());
  }

  @Test
  void sweepsTheStorageAfterEachRetentionPassSparingFilesYoungerThanADay(
      TestWorkflowEnvironment env, Worker worker) {
    CleanupWorkflow workflow = start(env, worker, CleanupRequest.of(30, DAY));

    env.sleep(Duration.ofDays(2).plusHours(12));

    List<Long> cutoffs = activities.cutoffs();
    List<Long> sweeps = activities.sweepCutoffs();
    assertThat(sweeps).hasSize(3).hasSameSizeAs(cutoffs);
    for (int run = 0; run < sweeps.size(); run++) {
      // Both cutoffs are taken from the same run start: retention 30 days back, the sweep one day.
      assertThat(sweeps.get(run) - cutoffs.get(run)).isEqualTo(THIRTY_DAYS_MILLIS - DAY.toMillis());
    }
    CleanupProgress progress = workflow.progress();
    assertThat(progress.orphansRemoved()).isEqualTo(3 * RecordingCleanup.SWEEP.orphanSessions());
    assertThat(progress.decodedAudioRemoved()).isEqualTo(3 * RecordingCleanup.SWEEP.decodedAudio());
  }

  @Test
  void aFailedSweepIsReportedAndKeepsTheRunsDeletions(TestWorkflowEnvironment env, Worker worker) {
    activities.failNextSweep = true;
    CleanupWorkflow workflow = start(env, worker, CleanupRequest.of(30, DAY));
    env.sleep(Duration.ofHours(12));

    CleanupProgress failed = workflow.progress();
    assertThat(failed.sessionsDeleted()).isEqualTo(RecordingCleanup.DELETED_PER_RUN);
    assertThat(failed.orphansRemoved()).isZero();
    assertThat(failed.lastError()).isEqualTo("bucket unreachable");

    env.sleep(DAY);
    assertThat(workflow.progress().lastError()).isEmpty();
    assertThat(workflow.progress().orphansRemoved())
        .isEqualTo(RecordingCleanup.SWEEP.orphanSessions());
  }

  /**
   * A cleanup run started by the previous release (recorded with it: one retention pass, then
   * asleep for a day) must replay on this code: it is the long-lived workflow every deployment has
   * running while the new workers come up.
   */
  @Test
  void aRunStartedBeforeTheSweepExistedReplays() throws Exception {
    String json;
    try (var in =
        CleanupWorkflowTest.class.getResourceAsStream(
            "/histories/cleanup-before-storage-sweep.json")) {
      json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
    io.temporal.testing.WorkflowReplayer.replayWorkflowExecution(json, CleanupWorkflowImpl.class);
  }

  static final class RecordingCleanup implements CleanupActivities {
    static final int DELETED_PER_RUN = 3;
    static final StorageSweep SWEEP = new StorageSweep(2, 5);

    private final List<Long> cutoffs = Collections.synchronizedList(new ArrayList<>());
    private final List<Long> sweepCutoffs = Collections.synchronizedList(new ArrayList<>());
    volatile boolean failNext;
    volatile boolean failNextSweep;

    List<Long> cutoffs() {
      synchronized (cutoffs) {
        return List.copyOf(cutoffs);
      }
    }

    List<Long> sweepCutoffs() {
      synchronized (sweepCutoffs) {
        return List.copyOf(sweepCutoffs);
      }
    }

    @Override
    public StorageSweep sweepStorage(long cutoffEpochMillis) {
      sweepCutoffs.add(cutoffEpochMillis);
      if (failNextSweep) {
        failNextSweep = false;
        throw ApplicationFailure.newNonRetryableFailure(
            "bucket unreachable", ErrorCode.STORAGE_ERROR.failureType());
      }
      return SWEEP;
    }

    @Override
    public int deleteSessionsOlderThan(long cutoffEpochMillis) {
      cutoffs.add(cutoffEpochMillis);
      if (failNext) {
        failNext = false;
        throw ApplicationFailure.newNonRetryableFailure(
            "database down", ErrorCode.DATABASE_ERROR.failureType());
      }
      return DELETED_PER_RUN;
    }
  }
}
