package com.coachtrack.store;

/** The session row is gone (deleted by cleanup, or never created). */
public class SessionNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SessionNotFoundException(String sessionId) {
    super("No session " + sessionId);
  }
}
