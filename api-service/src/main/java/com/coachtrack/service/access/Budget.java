package com.coachtrack.service.access;

/**
 * What a route costs a caller, per second with a burst of twice that. Keyed on the signed-in coach,
 * except {@link #SIGN_IN}, which is keyed on the client's address because no one is signed in yet.
 */
public enum Budget {
  /** Single-session status polls: a browser polls every 5 s, many tabs at once. */
  STATUS(20),
  /** Lists, batch status, history, transcripts, the coach's own account and tokens. */
  READ(20),
  /** Uploads, retry, cancel, token changes: each starts or stops real work. */
  WRITE(5),
  /** Sign-up, login, setting a password (per client address; failures are throttled apart). */
  SIGN_IN(5);

  private final int perSecond;

  Budget(int perSecond) {
    this.perSecond = perSecond;
  }

  public int perSecond() {
    return perSecond;
  }
}
