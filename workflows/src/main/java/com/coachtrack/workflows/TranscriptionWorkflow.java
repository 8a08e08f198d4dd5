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
   * Stops the run; running chunk activities see it at their next heartbeat.
   *
   * @param requestedBy who asked, recorded in the history
   */
  @SignalMethod(name = "cancel")
  void cancel(String requestedBy);
}
