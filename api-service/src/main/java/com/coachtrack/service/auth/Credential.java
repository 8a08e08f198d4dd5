package com.coachtrack.service.auth;

/**
 * What a request presented to prove who it is, before anyone checked it. {@link #cacheKey()} is a
 * hash, so verified credentials can be cached without keeping secrets in memory as keys.
 */
public sealed interface Credential permits BearerCredential, SessionCredential, ProxyCredential {
  String cacheKey();
}
