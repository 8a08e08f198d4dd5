package com.coachtrack.service.auth;

import com.coachtrack.store.AccessTokenDao;
import com.coachtrack.store.AccessTokenRow;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/**
 * Personal access tokens: {@code ct_} and 256 random bits, shown once at creation; only their hash
 * is stored.
 */
public final class AccessTokens {
  private final Jdbi jdbi;
  private final Clock clock;

  public AccessTokens(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** A new token for the coach; the secret is in {@link CreatedToken#token()} and nowhere else. */
  public CreatedToken create(Coach coach, String name) {
    String token = BearerCredential.TOKEN_PREFIX + Secrets.random();
    UUID id = UUID.randomUUID();
    jdbi.useExtension(
        AccessTokenDao.class,
        dao ->
            dao.insert(
                id,
                coach.id(),
                coach.name(),
                coach.operator(),
                name,
                Secrets.sha256(token),
                clock.instant()));
    AccessTokenRow row =
        jdbi.withExtension(AccessTokenDao.class, dao -> dao.findByHash(Secrets.sha256(token)))
            .orElseThrow();
    return new CreatedToken(row, token);
  }

  public List<AccessTokenRow> list(String coachId) {
    return jdbi.withExtension(AccessTokenDao.class, dao -> dao.activeFor(coachId));
  }

  /**
   * @return the revoked token's hash; empty when the coach has no such token
   */
  public Optional<String> revoke(String coachId, UUID id) {
    return jdbi.withExtension(
        AccessTokenDao.class, dao -> dao.revoke(id, coachId, clock.instant()));
  }

  /** The coach a token stands for, while it is not revoked; notes that it was used. */
  public Optional<Coach> find(String token) {
    Optional<AccessTokenRow> row =
        jdbi.withExtension(AccessTokenDao.class, dao -> dao.findByHash(Secrets.sha256(token)))
            .filter(t -> t.revokedAt() == null);
    row.ifPresent(
        t -> jdbi.useExtension(AccessTokenDao.class, dao -> dao.touch(t.id(), clock.instant())));
    return row.map(t -> new Coach(t.coachId(), t.coachName(), null, t.operator(), Coach.Via.TOKEN));
  }
}
