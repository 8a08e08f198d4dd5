package com.coachtrack.service.auth;

import com.coachtrack.service.config.AuthSettings;
import com.coachtrack.service.errors.ApiException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The web app's sign-in through the provider: authorization code with PKCE (S256), a state and a
 * nonce. The verifier, state, nonce and where to go back to wait in a short-lived HttpOnly cookie;
 * the callback exchanges the code, verifies the ID token and signs the browser in with the same
 * session cookie as a built-in account, so the rest of the app does not care how it signed in.
 */
public final class OidcLogin {
  public static final String LOGIN_PATH = "/api/v1/auth/oidc/login";
  static final String CALLBACK_PATH = "/api/v1/auth/oidc/callback";
  static final String FLOW_COOKIE = "ct_oidc";
  private static final int FLOW_SECONDS = 600;

  private final AuthSettings settings;
  private final OidcProvider provider;
  private final BrowserSessions sessions;
  private final SessionCookies cookies;
  private final TrustedProxies proxies;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  public OidcLogin(
      AuthSettings settings,
      OidcProvider provider,
      BrowserSessions sessions,
      SessionCookies cookies,
      TrustedProxies proxies) {
    this.settings = settings;
    this.provider = provider;
    this.sessions = sessions;
    this.cookies = cookies;
    this.proxies = proxies;
  }

  /** 302 to the provider's authorization endpoint, with the flow's secrets in a cookie. */
  public Response start(String returnTo, HttpServletRequest request) {
    OidcEndpoints endpoints = endpoints();
    String verifier = Secrets.random();
    String state = Secrets.random();
    String nonce = Secrets.random();
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", settings.getOidc().getClientId());
    query.put("redirect_uri", redirectUri());
    query.put("scope", "openid email profile");
    query.put("state", state);
    query.put("nonce", nonce);
    query.put("code_challenge", challenge(verifier));
    query.put("code_challenge_method", "S256");
    URI target = URI.create(endpoints.authorizationEndpoint() + "?" + form(query));
    String flow = String.join(" ", verifier, state, nonce, safeReturn(returnTo));
    return Response.seeOther(target).cookie(flowCookie(flow, FLOW_SECONDS, request)).build();
  }

  /** Exchanges the code, checks the ID token and signs the browser in; 302 back into the app. */
  public Response finish(String code, String state, String error, HttpServletRequest request) {
    String flow = CredentialReader.cookie(request, FLOW_COOKIE);
    String[] parts = flow == null ? new String[0] : flow.split(" ");
    if (error != null) {
      throw new ApiException(
          401, "oidc_refused", "Your identity provider did not sign you in (" + error + ").");
    }
    if (parts.length != 4 || code == null || !Secrets.same(parts[1], state)) {
      throw new ApiException(
          400,
          "oidc_state",
          "This sign-in link is stale or was not started here. Go back to the app and sign in"
              + " again.");
    }
    String idToken = exchange(code, parts[0]);
    Coach coach =
        provider
            .idTokenVerifier()
            .flatMap(v -> v.verifyWithNonce(idToken, parts[2], Coach.Via.SESSION))
            .orElseThrow(
                () ->
                    new ApiException(
                        401,
                        "oidc_token_refused",
                        "Your identity provider's answer could not be verified. Try again."));
    String session = sessions.create(coach);
    NewCookie[] signedIn = cookies.signedIn(session, sessions.maxAge(), request);
    return Response.seeOther(URI.create(parts[3]))
        .cookie(signedIn)
        .cookie(flowCookie("", 0, request))
        .build();
  }

  private String exchange(String code, String verifier) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("grant_type", "authorization_code");
    body.put("code", code);
    body.put("redirect_uri", redirectUri());
    body.put("client_id", settings.getOidc().getClientId());
    body.put("code_verifier", verifier);
    if (!settings.getOidc().getClientSecret().isEmpty()) {
      body.put("client_secret", settings.getOidc().getClientSecret());
    }
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(endpoints().tokenEndpoint())
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", "application/x-www-form-urlencoded")
                  .POST(HttpRequest.BodyPublishers.ofString(form(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode answer = json.readTree(response.body());
      String idToken = answer == null ? null : answer.path("id_token").asText(null);
      if (response.statusCode() != 200 || idToken == null) {
        throw new ApiException(
            401,
            "oidc_token_refused",
            "Your identity provider would not complete the sign-in (HTTP "
                + response.statusCode()
                + "). Try again.");
      }
      return idToken;
    } catch (IOException e) {
      throw providerDown();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw providerDown();
    }
  }

  private OidcEndpoints endpoints() {
    return provider.discovery().orElseThrow(OidcLogin::providerDown);
  }

  private String redirectUri() {
    return settings.getPublicUrl() + CALLBACK_PATH;
  }

  private NewCookie flowCookie(String value, int maxAge, HttpServletRequest request) {
    return new NewCookie.Builder(FLOW_COOKIE)
        .value(value)
        .path(CALLBACK_PATH)
        .maxAge(maxAge)
        .httpOnly(true)
        .secure(proxies.isHttps(request))
        .sameSite(NewCookie.SameSite.LAX)
        .build();
  }

  /** Only a path of this app: never another site (an open redirect). */
  static String safeReturn(String returnTo) {
    return returnTo != null
            && returnTo.startsWith("/")
            && !returnTo.startsWith("//")
            && !returnTo.contains("\\")
            && !returnTo.contains(" ")
        ? returnTo
        : "/";
  }

  static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String form(Map<String, String> values) {
    return values.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  private static ApiException providerDown() {
    return new ApiException(
        503,
        "identity_provider_unavailable",
        "Your identity provider cannot be reached from here. Try again in a minute.",
        30);
  }
}
