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

  /**
   * Decoding and chunk planning: its own few slots, so a recording that arrives while engines are
   * busy is ready to share them within seconds instead of waiting behind another's chunks.
   */
  public static final String PREPARE = "transcription-prepare";

  public static final String CLEANUP_WORKFLOW_ID = "cleanup-old-sessions";

  private TaskQueues() {}

  /** Operators find a coach's run in the Temporal UI by this readable id. */
  public static String transcriptionWorkflowId(String sessionId) {
    return "transcription-" + sessionId;
  }
}
