package com.coachtrack.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The status history: appended on every transition and failure, read by the timeline. */
@RegisterConstructorMapper(HistoryRow.class)
public interface HistoryDao {

  @SqlUpdate(
      """
      INSERT INTO status_history (session_id, from_status, to_status, at, attempt, message, error_code,
          actor)
      VALUES (:sessionId, :fromStatus, :toStatus, :at, :attempt, :message, :errorCode, :actor)
      """)
  void append(
      UUID sessionId,
      String fromStatus,
      String toStatus,
      Instant at,
      int attempt,
      String message,
      String errorCode,
      String actor);

  @SqlQuery(
      """
      SELECT id, session_id, from_status, to_status, at, attempt, message, error_code, actor
        FROM status_history
       WHERE session_id = :sessionId
       ORDER BY id
      """)
  List<HistoryRow> forSession(UUID sessionId);
}
