package com.coachtrack.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Built-in accounts; emails are stored lower-cased. */
@RegisterConstructorMapper(CoachRow.class)
public interface CoachDao {

  String COLUMNS = "id, email, name, password_hash, created_at, password_changed_at";

  /**
   * @return false when the email is taken
   */
  @SqlUpdate(
      """
      INSERT INTO coach (id, email, name, password_hash, created_at, password_changed_at)
      VALUES (:id, :email, :name, :passwordHash, :now, :now)
      ON CONFLICT (email) DO NOTHING
      """)
  boolean insert(String id, String email, String name, String passwordHash, Instant now);

  @SqlQuery("SELECT " + COLUMNS + " FROM coach WHERE email = :email")
  Optional<CoachRow> findByEmail(String email);

  @SqlQuery("SELECT " + COLUMNS + " FROM coach WHERE id = :id")
  Optional<CoachRow> findById(String id);

  @SqlQuery("SELECT count(*) FROM coach")
  long count();

  @SqlUpdate(
      """
      UPDATE coach SET password_hash = :passwordHash, password_changed_at = :now WHERE id = :id
      """)
  void setPassword(String id, String passwordHash, Instant now);
}
