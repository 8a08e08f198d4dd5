package com.coachtrack.service.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.NewCookie;
import java.time.Duration;

/**
 * The two cookies of a signed-in browser: {@code ct_session} (HttpOnly: scripts never see it) and
 * {@code ct_csrf} (readable by our page, which echoes it in {@code X-CSRF-Token}). Both {@code
 * SameSite=Lax}, {@code Path=/}, and {@code Secure} when the request came over HTTPS.
 */
public final class SessionCookies {
  private final TrustedProxies proxies;

  public SessionCookies(TrustedProxies proxies) {
    this.proxies = proxies;
  }

  /** Set-Cookie values for a new sign-in. */
  public NewCookie[] signedIn(String sessionId, Duration maxAge, HttpServletRequest request) {
    boolean secure = proxies.isHttps(request);
    int seconds = (int) Math.min(Integer.MAX_VALUE, maxAge.toSeconds());
    return new NewCookie[] {
      cookie(CredentialReader.SESSION_COOKIE, sessionId, seconds, true, secure),
      cookie(CredentialReader.CSRF_COOKIE, Secrets.random(), seconds, false, secure)
    };
  }

  /** Set-Cookie values that remove both cookies. */
  public NewCookie[] signedOut(HttpServletRequest request) {
    boolean secure = proxies.isHttps(request);
    return new NewCookie[] {
      cookie(CredentialReader.SESSION_COOKIE, "", 0, true, secure),
      cookie(CredentialReader.CSRF_COOKIE, "", 0, false, secure)
    };
  }

  private static NewCookie cookie(
      String name, String value, int maxAgeSeconds, boolean httpOnly, boolean secure) {
    return new NewCookie.Builder(name)
        .value(value)
        .path("/")
        .maxAge(maxAgeSeconds)
        .httpOnly(httpOnly)
        .secure(secure)
        .sameSite(NewCookie.SameSite.LAX)
        .build();
  }
}
