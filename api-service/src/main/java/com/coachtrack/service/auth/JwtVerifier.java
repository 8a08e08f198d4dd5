package com.coachtrack.service.auth;

import com.coachtrack.service.config.OidcSettings;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.text.ParseException;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies the provider's JWTs: the signature against its JWKS (keys cached, fetched again for an
 * unknown {@code kid}), only with asymmetric algorithms (so neither {@code alg: none} nor an HMAC
 * keyed with the public key passes), and {@code iss}, {@code aud}, {@code exp}, {@code nbf} with 60
 * s of clock skew.
 */
public final class JwtVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(JwtVerifier.class);
  static final int CLOCK_SKEW_SECONDS = 60;

  /** Every asymmetric JWS algorithm; which keys exist decides what can actually verify. */
  static final Set<JWSAlgorithm> ASYMMETRIC =
      Set.of(
          JWSAlgorithm.RS256,
          JWSAlgorithm.RS384,
          JWSAlgorithm.RS512,
          JWSAlgorithm.PS256,
          JWSAlgorithm.PS384,
          JWSAlgorithm.PS512,
          JWSAlgorithm.ES256,
          JWSAlgorithm.ES384,
          JWSAlgorithm.ES512,
          JWSAlgorithm.EdDSA);

  private final DefaultJWTProcessor<SecurityContext> processor;
  private final OidcSettings settings;

  /**
   * @param jwksUrl the provider's key set (from its discovery document)
   */
  public JwtVerifier(OidcSettings settings, String audience, URI jwksUrl) {
    this.settings = settings;
    JWKSource<SecurityContext> keys;
    try {
      URL url = jwksUrl.toURL();
      keys = JWKSourceBuilder.create(url).retrying(true).build();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("Not a JWKS URL: " + jwksUrl, e);
    }
    processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ASYMMETRIC, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            audience,
            new JWTClaimsSet.Builder().issuer(settings.getIssuer()).build(),
            Set.of("exp", "iss", settings.getCoachClaim()));
    claims.setMaxClockSkew(CLOCK_SKEW_SECONDS);
    processor.setJWTClaimsSetVerifier(claims);
  }

  /** The coach the token names, when it verifies; empty (and a log line) when it does not. */
  public Optional<Coach> verify(String jwt, Coach.Via via) {
    try {
      return Optional.of(coach(processor.process(jwt, null), via));
    } catch (ParseException | JOSEException | BadJOSEException e) {
      LOG.info("Refused a JWT: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** An ID token from the web app's sign-in: verified, and carrying the nonce the flow sent. */
  public Optional<Coach> verifyWithNonce(String jwt, String nonce, Coach.Via via) {
    try {
      JWTClaimsSet claims = processor.process(jwt, null);
      if (!Secrets.same(nonce, claims.getStringClaim("nonce"))) {
        LOG.info("Refused an ID token: its nonce is not the one this sign-in sent");
        return Optional.empty();
      }
      return Optional.of(coach(claims, via));
    } catch (ParseException | JOSEException | BadJOSEException e) {
      LOG.info("Refused an ID token: {}", e.getMessage());
      return Optional.empty();
    }
  }

  /** Who the verified claims name, and whether their roles make an operator. */
  Coach coach(JWTClaimsSet claims, Coach.Via via) throws ParseException {
    String id = String.valueOf(claims.getClaim(settings.getCoachClaim()));
    String email = claims.getStringClaim("email");
    String name = claims.getStringClaim("name");
    Object roles = claims.getClaim(settings.getRolesClaim());
    boolean operator =
        roles instanceof Collection<?> list
            ? list.stream().anyMatch(r -> settings.getOperatorRole().equals(String.valueOf(r)))
            : settings.getOperatorRole().equals(roles);
    return new Coach(id, name != null ? name : email != null ? email : id, email, operator, via);
  }
}
