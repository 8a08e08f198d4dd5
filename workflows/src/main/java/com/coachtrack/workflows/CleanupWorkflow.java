package com.coachtrack.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Deletes finished sessions older than the retention window, once per interval, forever. Timers
 * rather than a Temporal Schedule: the test server has no Schedules, and one long-running workflow
 * per namespace is enough (see {@link CleanupScheduler}).
 */
@WorkflowInterface
public interface CleanupWorkflow {

  /**
   * Never returns: the workflow continues as new every {@link CleanupRequest#runsPerExecution()}
   * runs.
   */
  @WorkflowMethod(name = "Cleanup")
  void run(CleanupRequest request);

  @QueryMethod(name = "progress")
  CleanupProgress progress();
}
