package com.coachtrack.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Which workers run which engines, as they last said: the engines list's availability. */
@RegisterConstructorMapper(EngineWorkerRow.class)
public interface EngineWorkerDao {

  @SqlUpdate(
      """
      INSERT INTO engine_worker (worker_id, engine, seen_at, problem)
      VALUES (:workerId, :engine, :seenAt, :problem)
      ON CONFLICT (worker_id, engine) DO UPDATE SET seen_at = EXCLUDED.seen_at, problem = EXCLUDED.problem
      """)
  void report(String workerId, String engine, Instant seenAt, String problem);

  /** Rows of workers long gone, so the table stays as small as the fleet. */
  @SqlUpdate("DELETE FROM engine_worker WHERE seen_at < :before")
  int forgetBefore(Instant before);

  /** A worker that stops withdraws its engines. */
  @SqlUpdate("DELETE FROM engine_worker WHERE worker_id = :workerId")
  int forgetWorker(String workerId);

  /** Every worker's report since {@code since}, newest first. */
  @SqlQuery(
      """
      SELECT worker_id, engine, seen_at, problem FROM engine_worker
       WHERE seen_at >= :since ORDER BY seen_at DESC
      """)
  List<EngineWorkerRow> seenSince(Instant since);
}
