package com.coachtrack.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Writes of the session snapshot; every status change goes through {@code SessionStatusWriter}. */
@RegisterRowMapper(SessionRowMapper.class)
public interface SessionDao {

  String COLUMNS =
      """
      id, coach_id, title, original_filename, source_key, size_bytes, format, engine, workflow_id, status,
      attempt, duration_total, duration_processed, progress_floor, active_seconds_before, message, error_code,
      error_detail, created_at, updated_at, started_at, attempt_started_at, progress_at, worker_seen_at,
      finished_at, processing_seconds, word_count
      """;

  @SqlUpdate(
      """
      INSERT INTO transcription_session (id, coach_id, title, original_filename, source_key, size_bytes, format,
          engine, workflow_id, status, attempt, duration_total, message, created_at, updated_at)
      VALUES (:id, :coachId, :title, :originalFilename, :sourceKey, :sizeBytes, :format,
          :engine, :workflowId, 'pending', 1, :durationTotal, :message, :createdAt, :createdAt)
      """)
  void insert(@BindMethods NewSession session);

  @SqlQuery("SELECT " + COLUMNS + " FROM transcription_session WHERE id = :id")
  Optional<SessionRow> findById(UUID id);

  @SqlQuery("SELECT " + COLUMNS + " FROM transcription_session WHERE id = :id FOR UPDATE")
  Optional<SessionRow> lockById(UUID id);

  @SqlUpdate(
      """
      UPDATE transcription_session
         SET status = 'processing', attempt = :attempt, message = :message, error_code = NULL,
             error_detail = NULL, finished_at = NULL, started_at = COALESCE(started_at, :now),
             attempt_started_at = :now, progress_at = :now, updated_at = :now
       WHERE id = :id
      """)
  void markProcessing(UUID id, int attempt, String message, Instant now);

  @SqlUpdate(
      """
      UPDATE transcription_session
         SET status = 'pending', attempt = :attempt, message = :message, error_code = NULL, error_detail = NULL,
             finished_at = NULL, updated_at = :now
       WHERE id = :id
      """)
  void markPending(UUID id, int attempt, String message, Instant now);

  @SqlUpdate(
      """
      UPDATE transcription_session
         SET status = 'completed', attempt = :attempt, message = :message, duration_processed = duration_total,
             progress_floor = 100, finished_at = :now, updated_at = :now, progress_at = :now,
             processing_seconds = :processingSeconds, active_seconds_before = :processingSeconds,
             attempt_started_at = NULL
       WHERE id = :id
      """)
  void markCompleted(UUID id, int attempt, String message, double processingSeconds, Instant now);

  /** Failed and cancelled both stop the clock, keeping the processing time spent so far. */
  @SqlUpdate(
      """
      UPDATE transcription_session
         SET status = :status, attempt = :attempt, message = :message, error_code = :errorCode,
             error_detail = :errorDetail, finished_at = :now, updated_at = :now,
             active_seconds_before = :activeSeconds, attempt_started_at = NULL
       WHERE id = :id
      """)
  void markStopped(
      UUID id,
      String status,
      int attempt,
      String message,
      String errorCode,
      String errorDetail,
      double activeSeconds,
      Instant now);

  @SqlUpdate(
      """
      UPDATE transcription_session SET duration_total = :durationTotal, updated_at = :now WHERE id = :id
      """)
  void updateDuration(UUID id, double durationTotal, Instant now);

  /** Re-sums the chunks' processed audio; called as the engine moves. */
  @SqlUpdate(
      """
      UPDATE transcription_session s
         SET duration_processed = LEAST(s.duration_total,
               (SELECT COALESCE(SUM(c.processed_seconds), 0) FROM session_chunk c WHERE c.session_id = s.id)),
             progress_at = :now, worker_seen_at = :now, updated_at = :now
       WHERE s.id = :id AND s.status = 'processing'
      """)
  void refreshProcessed(UUID id, Instant now);

  /** A worker reported on the session without the audio position moving: alive, not moving. */
  @SqlUpdate(
      """
      UPDATE transcription_session SET worker_seen_at = :now
       WHERE id = :id AND status = 'processing'
      """)
  void markWorkerSeen(UUID id, Instant now);

  @SqlUpdate(
      """
      UPDATE transcription_session
         SET progress_floor = GREATEST(progress_floor, :progress)
       WHERE id = :id AND status = 'processing'
      """)
  void raiseProgressFloor(UUID id, double progress);

  /** The session's run is known to exist: from now on the reconciler keeps it going. */
  @SqlUpdate(
      """
      UPDATE transcription_session SET run_started_at = COALESCE(run_started_at, :now) WHERE id = :id
      """)
  void markRunStarted(UUID id, Instant now);

  @SqlUpdate("UPDATE transcription_session SET word_count = :wordCount WHERE id = :id")
  void updateWordCount(UUID id, int wordCount);

  /** Only for a session whose workflow could not be started: the upload is refused whole. */
  @SqlUpdate("DELETE FROM transcription_session WHERE id = :id")
  void delete(UUID id);
}
