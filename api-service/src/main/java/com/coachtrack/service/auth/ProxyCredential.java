package com.coachtrack.service.auth;

/**
 * An authenticating proxy's word for who the coach is: believed only from a trusted address with
 * the shared secret.
 *
 * @param coachId {@code X-Coach-Id}
 * @param role {@code X-Coach-Role}, {@code operator} for an operator; may be null
 * @param secret {@code X-Proxy-Secret}
 * @param trustedAddress whether the connection came from {@code TRUSTED_PROXY_CIDRS}
 */
public record ProxyCredential(String coachId, String role, String secret, boolean trustedAddress)
    implements Credential {

  @Override
  public String cacheKey() {
    // Never cached: checking it is cheaper than a cache lookup.
    return null;
  }

  @Override
  public String toString() {
    return "ProxyCredential[" + coachId + "]";
  }
}
