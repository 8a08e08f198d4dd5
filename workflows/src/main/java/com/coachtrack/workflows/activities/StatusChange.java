package com.coachtrack.workflows.activities;

import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.SessionStatus;

/** A status transition the workflow asks the store to record (with a history row). */
public record StatusChange(
    String sessionId,
    SessionStatus to,
    int attempt,
    String message,
    ErrorCode errorCode,
    String errorDetail) {

  public static StatusChange to(String sessionId, SessionStatus to, int attempt, String message) {
    return new StatusChange(sessionId, to, attempt, message, null, null);
  }
}
