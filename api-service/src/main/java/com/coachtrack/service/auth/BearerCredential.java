package com.coachtrack.service.auth;

/** {@code Authorization: Bearer <token>}: a personal access token or an OIDC access token. */
public record BearerCredential(String token) implements Credential {
  public static final String TOKEN_PREFIX = "ct_";

  public boolean isAccessToken() {
    return token.startsWith(TOKEN_PREFIX);
  }

  @Override
  public String cacheKey() {
    return "bearer:" + Secrets.sha256(token);
  }

  @Override
  public String toString() {
    return "BearerCredential[hidden]";
  }
}
