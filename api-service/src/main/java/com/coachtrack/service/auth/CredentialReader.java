package com.coachtrack.service.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Finds the credential a request presents, in order: {@code Authorization: Bearer}, the {@code
 * ct_session} cookie, a proxy's {@code X-Coach-Id}. One reader for the Jersey filter and the status
 * fast path, so both see the same thing.
 */
public final class CredentialReader {
  public static final String SESSION_COOKIE = "ct_session";
  public static final String CSRF_COOKIE = "ct_csrf";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  public static final String COACH_HEADER = "X-Coach-Id";
  public static final String ROLE_HEADER = "X-Coach-Role";
  public static final String SECRET_HEADER = "X-Proxy-Secret";

  private final TrustedProxies proxies;

  public CredentialReader(TrustedProxies proxies) {
    this.proxies = proxies;
  }

  public Optional<Credential> read(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null) {
      String[] parts = authorization.strip().split("\\s+", 2);
      if (parts.length == 2 && parts[0].equalsIgnoreCase("Bearer") && !parts[1].isBlank()) {
        return Optional.of(new BearerCredential(parts[1].strip()));
      }
      return Optional.empty();
    }
    String session = cookie(request, SESSION_COOKIE);
    if (session != null && !session.isBlank()) {
      return Optional.of(new SessionCredential(session));
    }
    String coach = request.getHeader(COACH_HEADER);
    if (coach != null) {
      return Optional.of(
          new ProxyCredential(
              coach,
              request.getHeader(ROLE_HEADER),
              request.getHeader(SECRET_HEADER),
              proxies.trusts(request.getRemoteAddr())));
    }
    return Optional.empty();
  }

  /** The cookie's value, or null. */
  public static String cookie(HttpServletRequest request, String name) {
    Cookie[] cookies = request.getCookies();
    if (cookies == null) {
      return null;
    }
    for (Cookie cookie : cookies) {
      if (name.equals(cookie.getName())) {
        return cookie.getValue();
      }
    }
    return null;
  }
}
