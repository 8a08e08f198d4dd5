package com.coachtrack.workflows;

import com.coachtrack.workflows.activities.CleanupActivities;
import com.coachtrack.workflows.activities.StorageSweep;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

public class CleanupWorkflowImpl implements CleanupWorkflow {
  private static final Logger log = Workflow.getLogger(CleanupWorkflowImpl.class);

  // A first run after a long pause may delete a large backlog of files, hence the long
  // start-to-close.
  // A database outage is retried for hours; after that the run is given up and the next interval
  // tries again.
  private final CleanupActivities cleanup =
      Workflow.newActivityStub(
          CleanupActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(30))
              .setScheduleToCloseTimeout(Duration.ofHours(6))
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(10))
                      .setMaximumInterval(Duration.ofMinutes(10))
                      .build())
              .build());

  /** The {@link Workflow#getVersion} change id of the storage sweep. */
  static final String SWEEP_CHANGE = "storage-sweep";

  /**
   * Files younger than this are left alone by the sweep: an upload is stored a moment before its
   * row is inserted, and a decode may still be writing.
   */
  static final Duration SWEEP_AFTER = Duration.ofDays(1);

  private CleanupProgress progress = CleanupProgress.none();

  @Override
  public void run(CleanupRequest request) {
    progress = request.carried();
    for (int i = 0; i < request.runsPerExecution(); i++) {
      runOnce(request.retentionDays());
      Workflow.sleep(request.interval());
    }
    Workflow.continueAsNew(request.continueWith(progress));
  }

  private void runOnce(int retentionDays) {
    long now = Workflow.currentTimeMillis();
    long cutoff = now - Duration.ofDays(retentionDays).toMillis();
    String startedAt = Instant.ofEpochMilli(now).toString();
    long deleted = 0;
    StorageSweep swept = StorageSweep.none();
    String error = "";
    try {
      deleted = cleanup.deleteSessionsOlderThan(cutoff);
      // Runs that started before the sweep existed replay without it (their history has no such
      // activity); every later run sweeps after the retention pass.
      if (Workflow.getVersion(SWEEP_CHANGE, Workflow.DEFAULT_VERSION, 1) >= 1) {
        swept = cleanup.sweepStorage(now - SWEEP_AFTER.toMillis());
      }
    } catch (ActivityFailure e) {
      // Failing the workflow would stop cleanup until some process restarts; old rows can wait a
      // day.
      error = rootMessage(e);
      log.warn("Cleanup run failed, trying again in the next interval: {}", error);
    }
    progress =
        new CleanupProgress(
            progress.runs() + 1,
            progress.sessionsDeleted() + deleted,
            startedAt,
            error,
            progress.orphansRemoved() + swept.orphanSessions(),
            progress.decodedAudioRemoved() + swept.decodedAudio());
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null) {
      cause = cause.getCause();
    }
    // A Temporal failure's getMessage() also lists its type and flags; operators want the
    // activity's words.
    String message =
        cause instanceof TemporalFailure temporal
            ? temporal.getOriginalMessage()
            : cause.getMessage();
    return message == null || message.isEmpty() ? cause.getClass().getSimpleName() : message;
  }

  @Override
  public CleanupProgress progress() {
    return progress;
  }
}
