package com.coachtrack.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** One-time links to set a password; each can be used once, before it expires. */
public interface PasswordLinkDao {

  @SqlUpdate(
      """
      INSERT INTO password_link (token_hash, coach_id, created_at, expires_at)
      VALUES (:tokenHash, :coachId, :now, :expiresAt)
      """)
  void insert(String tokenHash, String coachId, Instant now, Instant expiresAt);

  /** The coach a link is for, while it is unused and not expired; does not use it up. */
  @SqlQuery(
      """
      SELECT coach_id FROM password_link
       WHERE token_hash = :tokenHash AND used_at IS NULL AND expires_at > :now
      """)
  Optional<String> coachOf(String tokenHash, Instant now);

  /**
   * Uses the link up.
   *
   * @return its coach, empty when the link is unknown, used or expired
   */
  @SqlQuery(
      """
      UPDATE password_link SET used_at = :now
       WHERE token_hash = :tokenHash AND used_at IS NULL AND expires_at > :now
      RETURNING coach_id
      """)
  Optional<String> use(String tokenHash, Instant now);
}
