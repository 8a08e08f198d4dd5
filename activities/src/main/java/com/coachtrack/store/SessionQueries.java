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

  /**
   * Session {@code s} (processing) has no chunk running (none started and not done), while another
   * session's worker reported within 20 s: its next chunks are queued behind others' on engines
   * that are busy, which is waiting, not a lost worker or a stall. With no other session being
   * worked on either, nothing is taking the engines, so silence means something is wrong.
   */
  String WAITING_FOR_ENGINE =
      """
      NOT EXISTS (SELECT 1 FROM session_chunk c
                   WHERE c.session_id = s.id AND NOT c.done AND c.processed_seconds > 0)
      AND EXISTS (SELECT 1 FROM transcription_session o
                   WHERE o.status = 'processing' AND o.id <> s.id
                     AND o.worker_seen_at > now() - interval '20 seconds')
      """;

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
          , s.status = 'processing' AND NOT (
          """
          + WAITING_FOR_ENGINE
          + """
            ) AS chunk_in_flight
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

  /**
   * What a coach's event stream sends when it (re)connects, latest change first (at most {@code
   * limit}, the most recently changed): the sessions whose version is above {@code afterVersion},
   * those that ended after {@code endedAfter} (a change that took its version before, but committed
   * after, the one the stream last saw), and with {@code live} every pending or processing one.
   */
  @SqlQuery(
      "SELECT "
          + STATUS_COLUMNS
          + """
           FROM transcription_session s
          WHERE s.coach_id = :coachId
            AND (s.version > :afterVersion OR s.finished_at > :endedAfter
                 OR (:live AND s.status IN ('pending', 'processing')))
          ORDER BY s.version DESC
          LIMIT :limit
          """)
  List<StatusRow> changedForCoach(
      String coachId, long afterVersion, Instant endedAfter, boolean live, int limit);

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
      SELECT count(*) FROM transcription_session s
       WHERE s.status = 'processing' AND COALESCE(s.progress_at, s.attempt_started_at) < :before
         AND NOT ("""
          + WAITING_FOR_ENGINE
          + """
         )
      """)
  long countStalled(Instant before);

  /**
   * Processing sessions with a chunk running that no worker has reported on since {@code before}:
   * their worker is presumably gone (one with no chunk running waits for an engine).
   */
  @SqlQuery(
      """
      SELECT count(*) FROM transcription_session s
       WHERE s.status = 'processing'
         AND GREATEST(s.worker_seen_at, s.progress_at, s.attempt_started_at) < :before
         AND NOT ("""
          + WAITING_FOR_ENGINE
          + """
         )
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
