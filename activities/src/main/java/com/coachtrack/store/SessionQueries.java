package com.coachtrack.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The API's reads. Each status read is one indexed lookup; the queue figures are computed only for
 * pending sessions, inside the same statement. Engines are shared fairly between active sessions
 * (see docs/progress-and-eta.md), so the work done before a pending session is finished is every
 * other active session's remaining audio, each capped at this session's own.
 */
@RegisterRowMapper(StatusRowMapper.class)
public interface SessionQueries {

  String STATUS_COLUMNS =
      SessionDao.COLUMNS
          + """
          , CASE WHEN s.status = 'pending' THEN
              (SELECT count(*) FROM transcription_session q
                WHERE q.status IN ('pending', 'processing') AND q.created_at < s.created_at)
            ELSE 0 END AS queue_ahead
          , CASE WHEN s.status = 'pending' THEN
              (SELECT COALESCE(SUM(CASE WHEN s.duration_total > 0
                         THEN LEAST(GREATEST(0, q.duration_total - q.duration_processed),
                                    GREATEST(0, s.duration_total - s.duration_processed))
                         ELSE GREATEST(0, q.duration_total - q.duration_processed) END), 0)
                 FROM transcription_session q
                WHERE q.status IN ('pending', 'processing') AND q.id <> s.id)
            ELSE 0 END AS audio_ahead
          """;

  @SqlQuery(
      "SELECT "
          + STATUS_COLUMNS
          + """
           FROM transcription_session s
          WHERE s.coach_id = :coachId AND s.id IN (<ids>)
          ORDER BY s.created_at DESC, s.id DESC
          """)
  List<StatusRow> findManyForCoach(String coachId, @BindList("ids") List<UUID> ids);

  @SqlQuery(
      "SELECT "
          + STATUS_COLUMNS
          + """
           FROM transcription_session s
          WHERE s.coach_id = :coachId
            AND (CAST(:status AS varchar) IS NULL OR s.status = :status)
            AND (CAST(:cursorAt AS timestamptz) IS NULL
                 OR (s.created_at, s.id) < (CAST(:cursorAt AS timestamptz), CAST(:cursorId AS uuid)))
          ORDER BY s.created_at DESC, s.id DESC
          LIMIT :limit
          """)
  List<StatusRow> listForCoach(
      String coachId, String status, Instant cursorAt, UUID cursorId, int limit);

  /** Every coach's sessions, newest first: an operator's view. */
  @SqlQuery(
      "SELECT "
          + STATUS_COLUMNS
          + """
           FROM transcription_session s
          WHERE (CAST(:status AS varchar) IS NULL OR s.status = :status)
            AND (CAST(:cursorAt AS timestamptz) IS NULL
                 OR (s.created_at, s.id) < (CAST(:cursorAt AS timestamptz), CAST(:cursorId AS uuid)))
          ORDER BY s.created_at DESC, s.id DESC
          LIMIT :limit
          """)
  List<StatusRow> listAll(String status, Instant cursorAt, UUID cursorId, int limit);

  @SqlQuery(
      "SELECT "
          + SessionDao.COLUMNS
          + """
           FROM transcription_session
          WHERE status IN ('pending', 'processing') AND run_started_at IS NOT NULL
          ORDER BY created_at
          """)
  @RegisterRowMapper(SessionRowMapper.class)
  List<SessionRow> unfinished();

  /**
   * Uploads older than {@code before} whose run was never confirmed started: refused uploads whose
   * clean-up failed, or a confirmation lost to a database blip.
   */
  @SqlQuery(
      "SELECT "
          + SessionDao.COLUMNS
          + """
           FROM transcription_session
          WHERE run_started_at IS NULL AND created_at < :before
          ORDER BY created_at
          """)
  @RegisterRowMapper(SessionRowMapper.class)
  List<SessionRow> unconfirmed(Instant before);

  @SqlQuery("SELECT status, count(*) AS sessions FROM transcription_session GROUP BY status")
  @RegisterConstructorMapper(StatusCount.class)
  List<StatusCount> countByStatus();

  @SqlQuery(
      """
      SELECT error_code AS status, count(*) AS sessions FROM transcription_session
       WHERE status = 'failed' AND error_code IS NOT NULL GROUP BY error_code
      """)
  @RegisterConstructorMapper(StatusCount.class)
  List<StatusCount> countFailuresByCode();

  @SqlQuery(
      """
      SELECT count(*) FROM transcription_session
       WHERE status = 'processing' AND COALESCE(progress_at, attempt_started_at) < :before
      """)
  long countStalled(Instant before);

  /**
   * Processing sessions no worker has reported on since {@code before}: their worker is presumably
   * gone.
   */
  @SqlQuery(
      """
      SELECT count(*) FROM transcription_session
       WHERE status = 'processing'
         AND GREATEST(worker_seen_at, progress_at, attempt_started_at) < :before
      """)
  long countWorkerSilent(Instant before);

  /** Pending sessions, and the audio left in pending and processing ones (queue pressure). */
  @SqlQuery(
      """
      SELECT count(*) FILTER (WHERE status = 'pending') AS pending_sessions,
             COALESCE(SUM(GREATEST(0, duration_total - duration_processed)), 0) AS audio_seconds_waiting
        FROM transcription_session
       WHERE status IN ('pending', 'processing')
      """)
  @RegisterConstructorMapper(QueueLoad.class)
  QueueLoad queueLoad();
}
