package com.coachtrack.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Personal access tokens, found by the hash of the secret; listed and revoked by their coach. */
@RegisterConstructorMapper(AccessTokenRow.class)
public interface AccessTokenDao {

  String COLUMNS = "id, coach_id, coach_name, operator, name, created_at, last_used_at, revoked_at";

  @SqlUpdate(
      """
      INSERT INTO access_token (id, coach_id, coach_name, operator, name, token_hash, created_at)
      VALUES (:id, :coachId, :coachName, :operator, :name, :tokenHash, :now)
      """)
  void insert(
      UUID id,
      String coachId,
      String coachName,
      boolean operator,
      String name,
      String tokenHash,
      Instant now);

  @SqlQuery("SELECT " + COLUMNS + " FROM access_token WHERE token_hash = :tokenHash")
  Optional<AccessTokenRow> findByHash(String tokenHash);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
           FROM access_token WHERE coach_id = :coachId AND revoked_at IS NULL
          ORDER BY created_at DESC
          """)
  List<AccessTokenRow> activeFor(String coachId);

  /**
   * @return the revoked token's hash, empty when the coach has no such active token
   */
  @SqlQuery(
      """
      UPDATE access_token SET revoked_at = :now
       WHERE id = :id AND coach_id = :coachId AND revoked_at IS NULL
      RETURNING token_hash
      """)
  Optional<String> revoke(UUID id, String coachId, Instant now);

  /** Recorded at most once a minute per token, so a busy script does not write on every call. */
  @SqlUpdate(
      """
      UPDATE access_token SET last_used_at = :now
       WHERE id = :id AND (last_used_at IS NULL OR last_used_at < CAST(:now AS timestamptz) - INTERVAL '1 minute')
      """)
  void touch(UUID id, Instant now);
}
