package com.coachtrack.service.auth;

/** The {@code ct_session} cookie of a signed-in browser. */
public record SessionCredential(String sessionId) implements Credential {

  public String idHash() {
    return Secrets.sha256(sessionId);
  }

  @Override
  public String cacheKey() {
    return "session:" + idHash();
  }

  @Override
  public String toString() {
    return "SessionCredential[hidden]";
  }
}
