package com.coachtrack.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** What each coach uses, for the per-coach quotas. */
public interface UsageDao {

  /** Bytes of the coach's stored uploads: every session still kept, whatever its state. */
  @SqlQuery(
      "SELECT COALESCE(SUM(size_bytes), 0) FROM transcription_session WHERE coach_id = :coachId")
  long storedBytes(String coachId);

  /** Seconds of audio the coach uploaded in the month ({@code month} is its first day). */
  @SqlQuery(
      """
      SELECT COALESCE(
          (SELECT audio_seconds FROM coach_usage WHERE coach_id = :coachId AND month = :month), 0)
      """)
  double audioSeconds(String coachId, LocalDate month);

  /**
   * Adds an upload's audio to the month, unless that would take the month past {@code limitSeconds}
   * (null: no limit). One statement, so two uploads at once cannot both squeeze under the limit.
   *
   * @return the month's new total, or empty when it would have gone past the limit
   */
  @SqlQuery(
      """
      INSERT INTO coach_usage AS u (coach_id, month, audio_seconds, uploads, updated_at)
      SELECT :coachId, :month, :seconds, 1, :now
       WHERE CAST(:limitSeconds AS double precision) IS NULL OR :seconds <= :limitSeconds
      ON CONFLICT (coach_id, month) DO UPDATE
         SET audio_seconds = u.audio_seconds + EXCLUDED.audio_seconds, uploads = u.uploads + 1,
             updated_at = EXCLUDED.updated_at
       WHERE CAST(:limitSeconds AS double precision) IS NULL
          OR u.audio_seconds + EXCLUDED.audio_seconds <= :limitSeconds
      RETURNING audio_seconds
      """)
  Optional<Double> addAudio(
      String coachId, LocalDate month, double seconds, Double limitSeconds, Instant now);

  /** Takes back what {@link #addAudio} added for an upload that was then refused. */
  @SqlUpdate(
      """
      UPDATE coach_usage
         SET audio_seconds = GREATEST(0, audio_seconds - :seconds), uploads = GREATEST(0, uploads - 1),
             updated_at = :now
       WHERE coach_id = :coachId AND month = :month
      """)
  void takeBackAudio(String coachId, LocalDate month, double seconds, Instant now);
}
