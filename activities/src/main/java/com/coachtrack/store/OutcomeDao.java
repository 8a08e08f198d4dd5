package com.coachtrack.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The analytics history: one row per session end, kept after the session itself is deleted (see the
 * changeSet 2026-12-create-session-outcome).
 */
@RegisterConstructorMapper(OutcomeRow.class)
public interface OutcomeDao {

  String COLUMNS =
      """
      session_id, coach_id, engine, status, error_code, attempt, audio_seconds, uploaded_at, started_at,
      finished_at, processing_seconds, engine_seconds, eta_at_start, eta_at_start_made_at, eta_at_half,
      eta_at_half_made_at
      """;

  /**
   * Copies the session as it stands right after its final transition, in the same transaction: the
   * actual finish next to the estimates kept while it ran.
   *
   * @param engineSeconds the chunks' engine time together; null when not every chunk stored it
   */
  @SqlUpdate(
      """
      INSERT INTO session_outcome (session_id, coach_id, engine, status, error_code, attempt, audio_seconds,
          uploaded_at, started_at, finished_at, processing_seconds, engine_seconds, eta_at_start,
          eta_at_start_made_at, eta_at_half, eta_at_half_made_at)
      SELECT id, coach_id, engine, status, error_code, attempt, duration_total, created_at, started_at,
             finished_at, active_seconds_before, :engineSeconds, eta_at_start, eta_at_start_made_at,
             eta_at_half, eta_at_half_made_at
        FROM transcription_session
       WHERE id = :id AND finished_at IS NOT NULL
      """)
  void record(UUID id, Double engineSeconds);

  /** One coach's session ends with {@code from ≤ finished_at < to}. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
           FROM session_outcome
          WHERE coach_id = :coachId AND finished_at >= :from AND finished_at < :to
          ORDER BY finished_at, id
          """)
  List<OutcomeRow> forCoach(String coachId, Instant from, Instant to);

  /** Every coach's session ends with {@code from ≤ finished_at < to}. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
           FROM session_outcome
          WHERE finished_at >= :from AND finished_at < :to
          ORDER BY finished_at, id
          """)
  List<OutcomeRow> forAll(Instant from, Instant to);

  @SqlUpdate("DELETE FROM session_outcome WHERE finished_at < :cutoff")
  int pruneBefore(Instant cutoff);
}
