package com.coachtrack.workflows.status;

/**
 * Temporal failure types of failures that no retry can fix. They never reach a coach as a session's
 * error (the session is gone, the code asked for a forbidden move, a notification was refused); the
 * coach-facing ones are {@link ErrorCode#failureType()}.
 */
public final class FailureTypes {
  public static final String SESSION_GONE = "coachtrack.session_gone";
  public static final String ILLEGAL_TRANSITION = "coachtrack.illegal_transition";

  /** The SMTP server refused the recipient or the message: sending it again cannot help. */
  public static final String MAIL_REFUSED = "coachtrack.mail_refused";

  /**
   * The webhook receiver answered with a 4xx other than 408 and 429, or the endpoint is gone: stops
   * the delivery early.
   */
  public static final String WEBHOOK_REFUSED = "coachtrack.webhook_refused";

  private FailureTypes() {}
}
