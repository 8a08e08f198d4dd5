package com.coachtrack.workflows.activities;

import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.SessionStatus;

/**
 * A status transition the workflow asks the store to record (with a history row).
 *
 * @param actor who asked for it when a person did (a coach's Retry, an operator's Cancel); null
 *     when the system moved on by itself
 */
public record StatusChange(
    String sessionId,
    SessionStatus to,
    int attempt,
    String message,
    ErrorCode errorCode,
    String errorDetail,
    String actor) {

  public static StatusChange to(String sessionId, SessionStatus to, int attempt, String message) {
    return new StatusChange(sessionId, to, attempt, message, null, null, null);
  }

  public StatusChange by(String who) {
    return new StatusChange(sessionId, to, attempt, message, errorCode, errorDetail, who);
  }
}
