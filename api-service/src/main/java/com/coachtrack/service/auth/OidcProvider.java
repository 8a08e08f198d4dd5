package com.coachtrack.service.auth;

import com.coachtrack.service.config.OidcSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The OIDC provider's discovery document ({@code /.well-known/openid-configuration}), read on first
 * use and kept: start-up does not depend on the provider being up, and a failed read is tried again
 * on the next request.
 */
public final class OidcProvider {
  private final OidcSettings settings;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private volatile OidcEndpoints discovery;
  private volatile JwtVerifier accessTokens;
  private volatile JwtVerifier idTokens;

  public OidcProvider(OidcSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  public OidcSettings settings() {
    return settings;
  }

  /** The provider's endpoints; empty while it cannot be reached. */
  public Optional<OidcEndpoints> discovery() {
    OidcEndpoints known = discovery;
    if (known != null) {
      return Optional.of(known);
    }
    synchronized (this) {
      if (discovery == null) {
        try {
          discovery = fetch();
        } catch (IOException | RuntimeException e) {
          return Optional.empty();
        }
      }
      return Optional.of(discovery);
    }
  }

  /**
   * Verifies access tokens sent as {@code Authorization: Bearer}: audience {@code OIDC_AUDIENCE}.
   */
  public Optional<JwtVerifier> accessTokenVerifier() {
    if (accessTokens == null) {
      discovery()
          .ifPresent(
              d -> accessTokens = new JwtVerifier(settings, settings.getAudience(), d.jwksUri()));
    }
    return Optional.ofNullable(accessTokens);
  }

  /** Verifies ID tokens from the web app's sign-in: audience is the web app's client id. */
  public Optional<JwtVerifier> idTokenVerifier() {
    if (idTokens == null) {
      discovery()
          .ifPresent(
              d -> idTokens = new JwtVerifier(settings, settings.getClientId(), d.jwksUri()));
    }
    return Optional.ofNullable(idTokens);
  }

  private OidcEndpoints fetch() throws IOException {
    String issuer = settings.getIssuer();
    URI uri =
        URI.create(
            (issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer)
                + "/.well-known/openid-configuration");
    HttpResponse<String> response;
    try {
      response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (response.statusCode() != 200) {
      throw new IOException("OidcEndpoints at " + uri + " answered HTTP " + response.statusCode());
    }
    JsonNode doc = json.readTree(response.body());
    return new OidcEndpoints(
        URI.create(doc.path("jwks_uri").asText()),
        URI.create(doc.path("authorization_endpoint").asText()),
        URI.create(doc.path("token_endpoint").asText()));
  }
}
