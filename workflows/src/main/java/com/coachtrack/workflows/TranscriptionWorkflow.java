package com.coachtrack.workflows;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One coach upload, from queued audio to stored transcript, including retries the coach asks for.
 */
@WorkflowInterface
public interface TranscriptionWorkflow {

  /**
   * @return the final status, {@code completed}, {@code failed} or {@code cancelled}
   */
  @WorkflowMethod(name = "Transcription")
  String transcribe(TranscriptionRequest request);

  @QueryMethod(name = "progress")
  WorkflowProgress progress();

  /**
   * Asks a failed run to try again; finished chunks are kept. Ignored unless the run has failed.
   *
   * @param requestedBy who asked (an email or coach id), recorded in the history
   */
  @SignalMethod(name = "retry")
  void retry(String requestedBy);

  /**
   * Asks a failed run to try again with the given engine. The caller has already discarded the
   * stored chunks when the engine differs (the words of one engine are not the other's), so the run
   * transcribes whatever is not stored. Ignored unless the run has failed.
   *
   * @param requestedBy who asked, recorded in the history
   * @param engine the engine for the chunks still to do (the session's, when unchanged)
   */
  @SignalMethod(name = "retry-on")
  void retryOn(String requestedBy, String engine);

  /**
   * Stops the run; running chunk activities see it at their next heartbeat.
   *
   * @param requestedBy who asked, recorded in the history
   */
  @SignalMethod(name = "cancel")
  void cancel(String requestedBy);
}
