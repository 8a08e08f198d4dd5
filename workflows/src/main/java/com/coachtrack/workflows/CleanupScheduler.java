package com.coachtrack.workflows;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;

/** Keeps exactly one cleanup workflow running per namespace, whichever process starts first. */
public final class CleanupScheduler {
  private CleanupScheduler() {}

  /**
   * Starts the cleanup workflow unless it is already running. Every process calls this at every
   * start-up; the fixed workflow id makes all but the first call a no-op. A closed (failed or
   * terminated) cleanup is started again.
   */
  public static void ensureStarted(WorkflowClient client, int retentionDays, Duration interval) {
    CleanupWorkflow workflow =
        client.newWorkflowStub(
            CleanupWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(TaskQueues.CLEANUP_WORKFLOW_ID)
                .setTaskQueue(TaskQueues.TRANSCRIPTION)
                .build());
    try {
      WorkflowClient.start(workflow::run, CleanupRequest.of(retentionDays, interval));
    } catch (WorkflowExecutionAlreadyStarted e) {
      // Started by another process or an earlier start-up. It keeps the settings it was started
      // with
      // (continue-as-new carries them) until an operator terminates it.
    }
  }
}
