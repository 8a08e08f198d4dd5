package com.coachtrack.service.auth;

import com.coachtrack.store.AuthSessionDao;
import com.coachtrack.store.AuthSessionRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Signed-in browsers: a random 256-bit id in the {@code ct_session} cookie, only its hash in the
 * database; valid until revoked, idle for {@code idleTimeout}, or {@code maxAge} old.
 */
public final class BrowserSessions {
  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration idleTimeout;
  private final Duration maxAge;
  private final Duration cleanupGrace = Duration.ofDays(1);

  public BrowserSessions(Jdbi jdbi, Clock clock, Duration idleTimeout, Duration maxAge) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.idleTimeout = idleTimeout;
    this.maxAge = maxAge;
  }

  public Duration maxAge() {
    return maxAge;
  }

  /** Signs a browser in as the coach; the answer is the cookie's value, shown only this once. */
  public String create(Coach coach) {
    String id = Secrets.random();
    Instant now = clock.instant();
    jdbi.useExtension(
        AuthSessionDao.class,
        dao ->
            dao.insert(
                Secrets.sha256(id),
                coach.id(),
                coach.name(),
                coach.email(),
                coach.operator(),
                now,
                now.plus(maxAge)));
    return id;
  }

  /** The session's coach while it is valid; marks it as just used. */
  public Optional<AuthSessionRow> find(String idHash) {
    Instant now = clock.instant();
    Optional<AuthSessionRow> row =
        jdbi.withExtension(AuthSessionDao.class, dao -> dao.find(idHash))
            .filter(s -> s.revokedAt() == null)
            .filter(s -> s.expiresAt().isAfter(now))
            .filter(s -> s.lastSeenAt().plus(idleTimeout).isAfter(now));
    row.ifPresent(s -> jdbi.useExtension(AuthSessionDao.class, dao -> dao.touch(idHash, now)));
    return row;
  }

  public void revoke(String idHash) {
    jdbi.useExtension(AuthSessionDao.class, dao -> dao.revoke(idHash, clock.instant()));
  }

  /**
   * @return the revoked sessions' hashes, for the caches to drop
   */
  public List<String> revokeAll(String coachId) {
    return jdbi.withExtension(
        AuthSessionDao.class, dao -> dao.revokeAllOf(coachId, clock.instant()));
  }

  /** Drops sessions that ended more than a day ago. */
  public int deleteStale() {
    Instant before = clock.instant().minus(cleanupGrace);
    return jdbi.withExtension(
        AuthSessionDao.class, dao -> dao.deleteStale(before, before.minus(idleTimeout)));
  }
}
