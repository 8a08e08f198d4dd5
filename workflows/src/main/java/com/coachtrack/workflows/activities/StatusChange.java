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

  /**
   * Whether the session has nothing left to do after this change: completed, cancelled, or failed
   * with a permanent error. A retryable failure may still be retried, so it does not end the work.
   */
  public boolean endsTheWork() {
    return switch (to) {
      case COMPLETED, CANCELLED -> true;
      case FAILED -> errorCode != null && !errorCode.retryable();
      case PENDING, PROCESSING -> false;
    };
  }
}
