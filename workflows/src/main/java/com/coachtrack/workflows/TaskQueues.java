package com.coachtrack.workflows;

/**
 * Task queue names and workflow id conventions, in one place so workers and clients cannot drift
 * apart.
 */
public final class TaskQueues {
  /**
   * Workflows and short bookkeeping activities (database writes): many slots, never blocked by
   * engines.
   */
  public static final String TRANSCRIPTION = "transcription";

  /**
   * CPU-heavy activities (decoding, speech recognition): as many slots as the worker has engine
   * slots.
   */
  public static final String ENGINE = "transcription-engine";

  public static final String CLEANUP_WORKFLOW_ID = "cleanup-old-sessions";

  private TaskQueues() {}

  /** Operators find a coach's run in the Temporal UI by this readable id. */
  public static String transcriptionWorkflowId(String sessionId) {
    return "transcription-" + sessionId;
  }
}
