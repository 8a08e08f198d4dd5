package com.coachtrack.service.auth;

import com.coachtrack.service.errors.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * Who a request comes from, or why it is refused: the one decision the Jersey filter ({@link
 * CoachAuthFilter}) and the status fast path both ask for.
 */
public final class Authentication {
  private final CredentialReader reader;
  private final CoachAuthenticator authenticator;

  public Authentication(CredentialReader reader, CoachAuthenticator authenticator) {
    this.reader = reader;
    this.authenticator = authenticator;
  }

  public CoachAuthenticator authenticator() {
    return authenticator;
  }

  public Optional<Credential> credential(HttpServletRequest request) {
    return reader.read(request);
  }

  /**
   * @throws ApiException 401 {@code unauthenticated} without a valid credential; 403 {@code
   *     csrf_failed} for a cookie-authenticated change without the CSRF header
   */
  public Coach require(HttpServletRequest request) {
    Coach coach =
        reader
            .read(request)
            .flatMap(authenticator::authenticate)
            .orElseThrow(Authentication::unauthenticated);
    requireCsrf(coach, request);
    return coach;
  }

  /**
   * A browser's cookie goes with every request its page makes, including ones another site
   * triggers: a change made with it must also carry the {@code ct_csrf} cookie's value in a header,
   * which only our own pages can read (double submit).
   */
  public static void requireCsrf(Coach coach, HttpServletRequest request) {
    if (coach.via() != Coach.Via.SESSION || isSafe(request.getMethod())) {
      return;
    }
    String cookie = CredentialReader.cookie(request, CredentialReader.CSRF_COOKIE);
    String header = request.getHeader(CredentialReader.CSRF_HEADER);
    if (cookie == null || cookie.isEmpty() || !Secrets.same(cookie, header)) {
      throw new ApiException(
          403,
          "csrf_failed",
          "This change did not come from the CoachTrack page (the "
              + CredentialReader.CSRF_HEADER
              + " header is missing or wrong). Reload the page and try again.");
    }
  }

  public static ApiException unauthenticated() {
    return new ApiException(
        401,
        "unauthenticated",
        "Sign in first, or send a personal access token as 'Authorization: Bearer <token>'. "
            + "A token that was revoked, or a sign-in that expired, needs a new one.");
  }

  private static boolean isSafe(String method) {
    return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
  }
}
