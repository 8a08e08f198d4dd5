package com.coachtrack.workflows;

import com.coachtrack.workflows.activities.SessionEvent;

public class SessionNoticeWorkflowImpl implements SessionNoticeWorkflow {
  private final SessionNotices notices = new SessionNotices();

  @Override
  public void announce(SessionEvent event) {
    notices.announce(event).get();
  }
}
