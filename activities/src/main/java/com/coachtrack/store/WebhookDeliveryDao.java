package com.coachtrack.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Webhook deliveries: queued once per event and endpoint, updated by each attempt. */
@RegisterConstructorMapper(WebhookDeliveryRow.class)
public interface WebhookDeliveryDao {

  String COLUMNS =
      """
      id, endpoint_id, session_id, event_type, payload, status, attempts, created_at, last_attempt_at,
      next_attempt_at, finished_at, last_status_code, last_error
      """;

  /**
   * @return false when the delivery was queued before (the queueing activity was retried)
   */
  @SqlUpdate(
      """
      INSERT INTO webhook_delivery (id, endpoint_id, session_id, event_type, payload, status, attempts,
          created_at)
      VALUES (:id, :endpointId, :sessionId, :eventType, :payload, 'pending', 0, :now)
      ON CONFLICT (id) DO NOTHING
      """)
  boolean insert(
      UUID id, UUID endpointId, UUID sessionId, String eventType, String payload, Instant now);

  @SqlQuery("SELECT " + COLUMNS + " FROM webhook_delivery WHERE id = :id")
  Optional<WebhookDeliveryRow> findById(UUID id);

  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
           FROM webhook_delivery WHERE endpoint_id = :endpointId
          ORDER BY created_at DESC, id DESC
          LIMIT :limit
          """)
  List<WebhookDeliveryRow> recentFor(UUID endpointId, int limit);

  /** After an attempt: its outcome, and when the next one is due while still pending. */
  @SqlUpdate(
      """
      UPDATE webhook_delivery
         SET attempts = attempts + 1, last_attempt_at = :now, last_status_code = :statusCode,
             last_error = :error, status = :status, next_attempt_at = :nextAttemptAt,
             finished_at = CASE WHEN :status = 'pending' THEN NULL ELSE CAST(:now AS timestamptz) END
       WHERE id = :id
      """)
  void recordAttempt(
      UUID id, String status, Integer statusCode, String error, Instant nextAttemptAt, Instant now);

  /** Ends a delivery that is still pending (given up, or its endpoint went away). */
  @SqlUpdate(
      """
      UPDATE webhook_delivery
         SET status = 'failed', last_error = :error, finished_at = :now, next_attempt_at = NULL
       WHERE id = :id AND status = 'pending'
      """)
  void fail(UUID id, String error, Instant now);

  /**
   * Pending deliveries whose next attempt is overdue: their run may be gone (an embedded Temporal
   * that restarted keeps nothing), so the reconciler looks at them.
   */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
           FROM webhook_delivery
          WHERE status = 'pending' AND COALESCE(next_attempt_at, created_at) < :before
          ORDER BY COALESCE(next_attempt_at, created_at)
          LIMIT :limit
          """)
  List<WebhookDeliveryRow> overdue(Instant before, int limit);
}
