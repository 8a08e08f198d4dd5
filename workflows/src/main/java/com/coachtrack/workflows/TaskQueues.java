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
   * Where chunks (and decoding) went before each engine had its own queue ({@link #transcribeOn}):
   * runs started then keep scheduling here, so workers still poll it.
   */
  public static final String ENGINE = "transcription-engine";

  /** Prefix of the per-engine chunk queues. */
  public static final String ENGINE_QUEUE_PREFIX = "transcribe-";

  /**
   * Decoding and chunk planning: its own few slots, so a recording that arrives while engines are
   * busy is ready to share them within seconds instead of waiting behind another's chunks.
   */
  public static final String PREPARE = "transcription-prepare";

  public static final String CLEANUP_WORKFLOW_ID = "cleanup-old-sessions";

  private TaskQueues() {}

  /** A webhook delivery's run, found by the delivery id (the {@code webhook-id} header). */
  public static String webhookDeliveryWorkflowId(String deliveryId) {
    return "webhook-" + deliveryId;
  }

  /** The run that sends a session's notifications when no transcription run is there to. */
  public static String sessionNoticeWorkflowId(String sessionId, int attempt, String status) {
    return "notice-" + sessionId + "-" + attempt + "-" + status;
  }

  /**
   * The queue of one engine's chunks ({@code transcribe-whisper}): only workers that run that
   * engine poll it, so a GPU machine can take whisper while small machines take pocketsphinx.
   */
  public static String transcribeOn(String engine) {
    return ENGINE_QUEUE_PREFIX + engine;
  }

  /** Operators find a coach's run in the Temporal UI by this readable id. */
  public static String transcriptionWorkflowId(String sessionId) {
    return "transcription-" + sessionId;
  }
}
