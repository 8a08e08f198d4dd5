package com.coachtrack.workflows.status;

/**
 * Temporal failure types of bookkeeping failures that no retry can fix. They never reach a coach
 * (the session is gone, or the code asked for a forbidden move); the coach-facing ones are {@link
 * ErrorCode#failureType()}.
 */
public final class FailureTypes {
  public static final String SESSION_GONE = "coachtrack.session_gone";
  public static final String ILLEGAL_TRANSITION = "coachtrack.illegal_transition";

  private FailureTypes() {}
}
