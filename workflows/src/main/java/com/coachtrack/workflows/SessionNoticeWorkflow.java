package com.coachtrack.workflows;

import com.coachtrack.workflows.activities.SessionEvent;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Sends a session's notifications when its end was recorded outside a transcription run: the API
 * cancelling a session whose run is gone. Runs in the transcription workflow itself otherwise.
 */
@WorkflowInterface
public interface SessionNoticeWorkflow {

  @WorkflowMethod(name = "SessionNotice")
  void announce(SessionEvent event);
}
