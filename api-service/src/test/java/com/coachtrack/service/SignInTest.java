package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every API route against every way of not being signed in, in OIDC mode against a real OIDC
 * provider in the test JVM (mock-oauth2-server): no credential, a forged {@code X-Coach-Id}, a
 * revoked or unknown personal access token, a JWT that is expired, unsigned ({@code alg: none}),
 * signed with HS256 keyed by the provider's public key, for another audience or issuer, or signed
 * by a key the provider never published: all 401. Coach B against coach A's session and token: 404,
 * or listed as not found in a batch. The status route runs through both entry points (the fast path
 * and the Jersey resource).
 */
class SignInTest {
  static final MockOAuth2Server PROVIDER = new MockOAuth2Server();
  static final String ISSUER_ID = "coaching-platform";
  static final String AUDIENCE = "coachtrack-api";

  static {
    PROVIDER.start();
  }

  static DropwizardAppExtension<TranscriptionConfiguration> oidcApp(boolean fastPath) {
    return TestApps.app(
        "auto",
        ConfigOverride.config("role", "api"),
        ConfigOverride.config("status.fastPath", Boolean.toString(fastPath)),
        ConfigOverride.config("auth.mode", "oidc"),
        ConfigOverride.config("auth.oidc.issuer", PROVIDER.issuerUrl(ISSUER_ID).toString()),
        ConfigOverride.config("auth.oidc.audience", AUDIENCE),
        ConfigOverride.config("auth.oidc.clientId", "coachtrack-web"));
  }

  /** A provider access token for the coach, valid for an hour. */
  static String jwt(String coach) {
    return PROVIDER
        .issueToken(ISSUER_ID, coach, AUDIENCE, Map.of("name", "Coach " + coach), 3600)
        .serialize();
  }

  @AfterAll
  static void stopProvider() {
    PROVIDER.shutdown();
  }

  @Nested
  @ExtendWith(DropwizardExtensionsSupport.class)
  class WithTheFastPath extends EveryRoute {
    static final DropwizardAppExtension<TranscriptionConfiguration> APP = oidcApp(true);

    WithTheFastPath() {
      super(APP);
    }
  }

  @Nested
  @ExtendWith(DropwizardExtensionsSupport.class)
  class ThroughJersey extends EveryRoute {
    static final DropwizardAppExtension<TranscriptionConfiguration> APP = oidcApp(false);

    ThroughJersey() {
      super(APP);
    }
  }

  /**
   * One API route, with {@code {id}} and {@code {token}} standing for coach A's session and token.
   */
  record Route(String method, String path, String body) {
    @Override
    public String toString() {
      return method + " " + path;
    }
  }

  static final List<Route> ROUTES =
      List.of(
          new Route("GET", "/api/v1/me", null),
          new Route("GET", "/api/v1/sessions", null),
          new Route("POST", "/api/v1/sessions", "upload"),
          new Route("GET", "/api/v1/sessions/status?ids={id}", null),
          new Route("GET", "/api/v1/sessions/{id}/status", null),
          new Route("GET", "/api/v1/sessions/{id}/history", null),
          new Route("GET", "/api/v1/sessions/{id}/transcript?format=txt", null),
          new Route("GET", "/api/v1/sessions/{id}/transcript?format=srt", null),
          new Route("GET", "/api/v1/sessions/{id}/transcript?format=vtt", null),
          new Route("GET", "/api/v1/sessions/{id}/transcript?format=json", null),
          new Route("POST", "/api/v1/sessions/{id}/retry", ""),
          new Route("POST", "/api/v1/sessions/{id}/cancel", ""),
          new Route("GET", "/api/v1/tokens", null),
          new Route("POST", "/api/v1/tokens", "{\"name\":\"x\"}"),
          new Route("DELETE", "/api/v1/tokens/{token}", null),
          new Route("POST", "/api/v1/auth/logout", ""),
          new Route(
              "POST",
              "/api/v1/me/password",
              "{\"current_password\":\"a\",\"new_password\":\"b\"}"));

  /** A way to fail to prove who you are: the headers it sends. */
  record BadCredential(String name, Map<String, String> headers) {
    @Override
    public String toString() {
      return name;
    }
  }

  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class EveryRoute {
    private final DropwizardAppExtension<TranscriptionConfiguration> app;
    private String sessionOfA;
    private String tokenIdOfA;
    private String revokedToken;

    EveryRoute(DropwizardAppExtension<TranscriptionConfiguration> app) {
      this.app = app;
    }

    @BeforeAll
    void coachAHasASessionAndATokenAndRevokedAnother() throws Exception {
      Map<String, String> a = bearer(jwt("coach-a"));
      HttpResponse<String> upload = send("POST", "/api/v1/sessions", "recording", a);
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
      sessionOfA = ApiClient.json(upload).get("session_id").asText();
      HttpResponse<String> token = send("POST", "/api/v1/tokens", "{\"name\":\"cli\"}", a);
      assertThat(token.statusCode()).as(token.body()).isEqualTo(201);
      tokenIdOfA = ApiClient.json(token).get("id").asText();
      HttpResponse<String> other = send("POST", "/api/v1/tokens", "{\"name\":\"old\"}", a);
      revokedToken = ApiClient.json(other).get("token").asText();
      String revokedId = ApiClient.json(other).get("id").asText();
      assertThat(send("DELETE", "/api/v1/tokens/" + revokedId, null, a).statusCode())
          .isEqualTo(204);
    }

    Stream<Arguments> everyRouteWithEveryBadCredential() throws Exception {
      RSAKey published =
          JWKSet.load(new URL(PROVIDER.jwksUrl(ISSUER_ID).toString())).getKeys().get(0).toRSAKey();
      JWTClaimsSet good = claims(PROVIDER.issuerUrl(ISSUER_ID).toString(), AUDIENCE, 3600);
      List<BadCredential> bad =
          List.of(
              new BadCredential("no credential", Map.of()),
              new BadCredential("a forged X-Coach-Id", Map.of("X-Coach-Id", "coach-a")),
              new BadCredential(
                  "a forged X-Coach-Id with a guessed secret",
                  Map.of("X-Coach-Id", "coach-a", "X-Proxy-Secret", "secret")),
              new BadCredential("a revoked token", bearer(revokedToken)),
              new BadCredential("an unknown token", bearer("ct_" + UUID.randomUUID())),
              new BadCredential("a garbage bearer", bearer("not-a-jwt")),
              new BadCredential(
                  "an unknown session cookie", Map.of("Cookie", "ct_session=" + UUID.randomUUID())),
              new BadCredential(
                  "an expired JWT",
                  bearer(
                      PROVIDER
                          .issueToken(ISSUER_ID, "coach-a", AUDIENCE, Map.of(), -3600)
                          .serialize())),
              new BadCredential("a JWT with alg none", bearer(new PlainJWT(good).serialize())),
              new BadCredential(
                  "an HS256 JWT keyed with the public key",
                  bearer(hs256WithPublicKey(published, good))),
              new BadCredential(
                  "a JWT for another audience",
                  bearer(PROVIDER.issueToken(ISSUER_ID, "coach-a", "another-api").serialize())),
              new BadCredential(
                  "a JWT from another issuer",
                  bearer(PROVIDER.issueToken("elsewhere", "coach-a", AUDIENCE).serialize())),
              new BadCredential(
                  "a JWT signed by a key the provider never published", bearer(unknownKid(good))));
      return ROUTES.stream()
          .flatMap(route -> bad.stream().map(credential -> Arguments.of(route, credential)));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("everyRouteWithEveryBadCredential")
    void withoutAValidCredentialEveryRouteIs401(Route route, BadCredential credential)
        throws Exception {
      HttpResponse<String> response =
          send(route.method(), path(route), route.body(), credential.headers());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
      JsonNode body = ApiClient.json(response);
      assertThat(body.get("error").asText()).isEqualTo("unauthenticated");
      assertThat(body.get("message").asText()).contains("Sign in");
    }

    Stream<Route> routesOnCoachAsObjects() {
      return ROUTES.stream()
          .filter(r -> r.path().contains("{id}/") || r.path().contains("{token}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routesOnCoachAsObjects")
    void coachBGets404ForCoachAsSessionsAndTokens(Route route) throws Exception {
      // A coach of their own per route, so the rate limit of one never answers for another.
      String coachB = "coach-b-" + Math.abs(route.toString().hashCode());
      HttpResponse<String> response =
          send(route.method(), path(route), route.body(), bearer(jwt(coachB)));
      assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
      assertThat(ApiClient.json(response).get("message").asText()).isNotBlank();
    }

    @Test
    void coachBsBatchListsCoachAsSessionAsNotFound() throws Exception {
      HttpResponse<String> batch =
          send("GET", "/api/v1/sessions/status?ids=" + sessionOfA, null, bearer(jwt("coach-b")));
      assertThat(batch.statusCode()).isEqualTo(200);
      JsonNode body = ApiClient.json(batch);
      assertThat(body.get("sessions")).isEmpty();
      assertThat(body.get("not_found").get(0).asText()).isEqualTo(sessionOfA);
      assertThat(
              ApiClient.json(send("GET", "/api/v1/sessions", null, bearer(jwt("coach-b"))))
                  .get("sessions"))
          .isEmpty();
    }

    @Test
    void coachAIsSignedInByTheProvidersTokenAndTheirOwnToken() throws Exception {
      JsonNode me = ApiClient.json(send("GET", "/api/v1/me", null, bearer(jwt("coach-a"))));
      assertThat(me.get("coach_id").asText()).isEqualTo("coach-a");
      assertThat(me.get("name").asText()).isEqualTo("Coach coach-a");
      assertThat(me.get("auth").asText()).isEqualTo("jwt");
      HttpResponse<String> status =
          send("GET", "/api/v1/sessions/" + sessionOfA + "/status", null, bearer(jwt("coach-a")));
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(ApiClient.json(status).get("session_id").asText()).isEqualTo(sessionOfA);
    }

    @Test
    void theWebAppSignsInWithTheAuthorizationCodeFlowAndPkce() throws Exception {
      PROVIDER.enqueueCallback(
          new DefaultOAuth2TokenCallback(
              ISSUER_ID,
              "olga",
              "JWT",
              List.of("coachtrack-web"),
              Map.of("name", "Olga", "roles", List.of("operator")),
              3600));
      HttpResponse<String> start =
          send("GET", "/api/v1/auth/oidc/login?return_to=/sessions/abc", null, Map.of());
      assertThat(start.statusCode()).isEqualTo(303);
      URI authorize = URI.create(start.headers().firstValue("Location").orElseThrow());
      assertThat(authorize.toString())
          .startsWith(PROVIDER.authorizationEndpointUrl(ISSUER_ID).toString())
          .contains("code_challenge_method=S256", "code_challenge=", "state=", "nonce=");
      String flow =
          start.headers().allValues("Set-Cookie").stream()
              .filter(c -> c.startsWith("ct_oidc="))
              .findFirst()
              .orElseThrow();
      assertThat(flow).contains("HttpOnly");
      String flowCookie = flow.split(";")[0];

      // The provider signs the user in and sends the browser back with a code.
      HttpResponse<String> provider =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(authorize).GET().build(),
                  HttpResponse.BodyHandlers.ofString());
      URI back = URI.create(provider.headers().firstValue("Location").orElseThrow());
      assertThat(back.getPath()).isEqualTo("/api/v1/auth/oidc/callback");

      HttpResponse<String> forged =
          send(
              "GET",
              "/api/v1/auth/oidc/callback?code=x&state=forged",
              null,
              Map.of("Cookie", flowCookie));
      assertThat(forged.statusCode()).isEqualTo(400);
      HttpResponse<String> forgedInABrowser =
          send(
              "GET",
              "/api/v1/auth/oidc/callback?code=x&state=forged",
              null,
              Map.of("Cookie", flowCookie, "Accept", "text/html,application/xhtml+xml"));
      assertThat(forgedInABrowser.statusCode()).isEqualTo(303);
      assertThat(forgedInABrowser.headers().firstValue("Location"))
          .hasValueSatisfying(
              location -> assertThat(location).endsWith("/?sign_in_error=oidc_state"));

      HttpResponse<String> callback =
          send(
              "GET", back.getPath() + "?" + back.getRawQuery(), null, Map.of("Cookie", flowCookie));
      assertThat(callback.statusCode()).as(callback.body()).isEqualTo(303);
      assertThat(callback.headers().firstValue("Location"))
          .hasValueSatisfying(location -> assertThat(location).endsWith("/sessions/abc"));
      String session =
          callback.headers().allValues("Set-Cookie").stream()
              .filter(c -> c.startsWith("ct_session="))
              .findFirst()
              .orElseThrow()
              .split(";")[0];
      JsonNode me = ApiClient.json(send("GET", "/api/v1/me", null, Map.of("Cookie", session)));
      assertThat(me.get("coach_id").asText()).isEqualTo("olga");
      assertThat(me.get("name").asText()).isEqualTo("Olga");
      assertThat(me.get("role").asText()).isEqualTo("operator");
    }

    private String path(Route route) {
      return route.path().replace("{id}", sessionOfA).replace("{token}", tokenIdOfA);
    }

    HttpResponse<String> send(String method, String path, String body, Map<String, String> headers)
        throws IOException, InterruptedException {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.getLocalPort() + path));
      headers.forEach(request::header);
      if ("upload".equals(body) || "recording".equals(body)) {
        String boundary = "----signin" + UUID.randomUUID();
        // A refused request is answered before its body is read: a few bytes are enough there.
        byte[] audio =
            "recording".equals(body)
                ? Files.readAllBytes(TestApps.audio("librivox.wav"))
                : new byte[] {1, 2, 3};
        byte[] head =
            ("--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"a.wav\"\r\n"
                    + "Content-Type: audio/wav\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        request
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .method(
                method,
                HttpRequest.BodyPublishers.concat(
                    HttpRequest.BodyPublishers.ofByteArray(head),
                    HttpRequest.BodyPublishers.ofByteArray(audio),
                    HttpRequest.BodyPublishers.ofByteArray(tail)));
      } else if (body != null) {
        request
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body));
      } else {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      }
      // A connection of its own: a refused request is answered before its body is read, and the
      // server may then close a kept-alive connection under the next request.
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
  }

  static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  static JWTClaimsSet claims(String issuer, String audience, long validSeconds) {
    long now = System.currentTimeMillis();
    return new JWTClaimsSet.Builder()
        .issuer(issuer)
        .audience(audience)
        .subject("coach-a")
        .issueTime(new Date(now))
        .expirationTime(new Date(now + validSeconds * 1000))
        .build();
  }

  /** The classic key-confusion forgery: HMAC keyed with the provider's public key. */
  static String hs256WithPublicKey(RSAKey published, JWTClaimsSet claims) throws JOSEException {
    SignedJWT forged = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    forged.sign(new MACSigner(published.toRSAPublicKey().getEncoded()));
    return forged.serialize();
  }

  /** Properly signed, but with a key the provider never published. */
  static String unknownKid(JWTClaimsSet claims) throws JOSEException {
    RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
    SignedJWT jwt =
        new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger").build(), claims);
    jwt.sign(new RSASSASigner(stranger));
    return jwt.serialize();
  }
}
