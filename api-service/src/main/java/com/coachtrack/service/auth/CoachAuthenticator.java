package com.coachtrack.service.auth;

import com.coachtrack.service.config.AuthSettings;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.dropwizard.auth.Authenticator;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides who a credential stands for, in the configured mode. Personal access tokens work in every
 * mode; session cookies in local and OIDC mode (a browser signed in through the provider gets one);
 * provider JWTs in OIDC mode; a proxy's header only in header mode. Verified tokens and sessions
 * are kept for {@link #CACHE_FOR}, keyed by their hash, so a status poll is one cache hit; sign-out
 * and revocation drop them at once in this process (other API processes stop believing them within
 * {@code CACHE_FOR}).
 */
public final class CoachAuthenticator implements Authenticator<Credential, Coach> {
  public static final Duration CACHE_FOR = Duration.ofSeconds(10);

  private final AuthSettings settings;
  private final AccessTokens tokens;
  private final BrowserSessions sessions;
  private final OidcProvider oidc;
  private final Cache<String, Coach> verified;

  public CoachAuthenticator(
      AuthSettings settings,
      AccessTokens tokens,
      BrowserSessions sessions,
      OidcProvider oidc,
      Ticker ticker) {
    this.settings = settings;
    this.tokens = tokens;
    this.sessions = sessions;
    this.oidc = oidc;
    this.verified =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterWrite(CACHE_FOR)
            .maximumSize(100_000)
            .build();
  }

  @Override
  public Optional<Coach> authenticate(Credential credential) {
    String key = credential.cacheKey();
    if (key != null) {
      Coach known = verified.getIfPresent(key);
      if (known != null) {
        return Optional.of(known);
      }
    }
    Optional<Coach> coach = verify(credential);
    if (key != null) {
      coach.ifPresent(c -> verified.put(key, c));
    }
    return coach;
  }

  /** Forgets a credential this process verified (sign-out, revocation, password change). */
  public void forget(String cacheKey) {
    verified.invalidate(cacheKey);
  }

  private Optional<Coach> verify(Credential credential) {
    if (credential instanceof BearerCredential bearer) {
      if (bearer.isAccessToken()) {
        return tokens.find(bearer.token());
      }
      return "oidc".equals(settings.getMode())
          ? oidc.accessTokenVerifier().flatMap(v -> v.verify(bearer.token(), Coach.Via.JWT))
          : Optional.empty();
    }
    if (credential instanceof SessionCredential session) {
      if ("header".equals(settings.getMode())) {
        return Optional.empty();
      }
      return sessions
          .find(session.idHash())
          .map(
              row ->
                  new Coach(
                      row.coachId(),
                      row.coachName(),
                      row.coachEmail(),
                      row.operator() || settings.isOperatorEmail(row.coachEmail()),
                      Coach.Via.SESSION));
    }
    return fromProxy((ProxyCredential) credential);
  }

  private Optional<Coach> fromProxy(ProxyCredential proxy) {
    if (!"header".equals(settings.getMode())
        || !proxy.trustedAddress()
        || settings.getProxySecret().isEmpty()
        || !Secrets.same(settings.getProxySecret(), proxy.secret())
        || !CoachIds.isValid(proxy.coachId())) {
      return Optional.empty();
    }
    String id = proxy.coachId().strip();
    return Optional.of(
        new Coach(id, id, null, Coach.OPERATOR.equals(proxy.role()), Coach.Via.PROXY));
  }
}
