package com.coachtrack.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Signed-in browsers, found by the hash of their cookie. */
@RegisterConstructorMapper(AuthSessionRow.class)
public interface AuthSessionDao {

  @SqlUpdate(
      """
      INSERT INTO auth_session (id_hash, coach_id, coach_name, coach_email, operator, created_at,
          last_seen_at, expires_at)
      VALUES (:idHash, :coachId, :coachName, :coachEmail, :operator, :now, :now, :expiresAt)
      """)
  void insert(
      String idHash,
      String coachId,
      String coachName,
      String coachEmail,
      boolean operator,
      Instant now,
      Instant expiresAt);

  @SqlQuery(
      """
      SELECT id_hash, coach_id, coach_name, coach_email, operator, created_at, last_seen_at,
             expires_at, revoked_at
        FROM auth_session
       WHERE id_hash = :idHash
      """)
  Optional<AuthSessionRow> find(String idHash);

  /** Recorded at most once a minute per session: it is what the idle timeout measures. */
  @SqlUpdate(
      """
      UPDATE auth_session SET last_seen_at = :now
       WHERE id_hash = :idHash AND last_seen_at < CAST(:now AS timestamptz) - INTERVAL '1 minute'
      """)
  void touch(String idHash, Instant now);

  @SqlUpdate(
      "UPDATE auth_session SET revoked_at = :now WHERE id_hash = :idHash AND revoked_at IS NULL")
  void revoke(String idHash, Instant now);

  /**
   * @return the hashes revoked, so caches can drop them
   */
  @SqlQuery(
      """
      UPDATE auth_session SET revoked_at = :now
       WHERE coach_id = :coachId AND revoked_at IS NULL
      RETURNING id_hash
      """)
  List<String> revokeAllOf(String coachId, Instant now);

  /** Expired and revoked sessions are kept a day for support, then removed. */
  @SqlUpdate(
      """
      DELETE FROM auth_session
       WHERE expires_at < :before OR revoked_at < :before OR last_seen_at < :idleBefore
      """)
  int deleteStale(Instant before, Instant idleBefore);
}
