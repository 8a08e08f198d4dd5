package com.coachtrack.workflows.status;

/** Thrown when code asks for a status change the state machine forbids. */
public class IllegalTransitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final SessionStatus from;
  private final SessionStatus to;

  public IllegalTransitionException(SessionStatus from, SessionStatus to) {
    super("A session cannot go from " + from.wireName() + " to " + to.wireName());
    this.from = from;
    this.to = to;
  }

  public SessionStatus from() {
    return from;
  }

  public SessionStatus to() {
    return to;
  }
}
