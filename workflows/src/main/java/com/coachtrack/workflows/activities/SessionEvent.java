package com.coachtrack.workflows.activities;

import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.SessionStatus;

/**
 * A session reached a final state: what the notifications are about. Only ids and codes cross the
 * Temporal boundary; the title and the coach's address are read from the database by the activity.
 *
 * @param status completed, failed or cancelled
 * @param attempt the attempt that ended this way (a failed session retried and failed again is a
 *     new event)
 * @param errorCode why it failed; null unless failed
 * @param atMillis when it happened, on the workflow's clock
 */
public record SessionEvent(
    String sessionId, SessionStatus status, int attempt, ErrorCode errorCode, long atMillis) {

  /** The Standard Webhooks event type: {@code session.completed} and so on. */
  public String eventType() {
    return "session." + status.wireName();
  }
}
