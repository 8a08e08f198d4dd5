package com.coachtrack.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Every attempt of every webhook delivery, numbered per delivery. */
@RegisterConstructorMapper(WebhookAttemptRow.class)
public interface WebhookAttemptDao {

  /**
   * Numbered after the delivery's last attempt, so a delivery restarted by the reconciler goes on
   * counting.
   *
   * @return the attempt's number
   */
  @SqlQuery(
      """
      INSERT INTO webhook_attempt (delivery_id, attempt, attempted_at, status_code, error, duration_ms)
      SELECT :deliveryId, COALESCE(MAX(attempt), 0) + 1, :at, :statusCode, :error, :durationMs
        FROM webhook_attempt WHERE delivery_id = :deliveryId
      RETURNING attempt
      """)
  int append(UUID deliveryId, Instant at, Integer statusCode, String error, int durationMs);

  @SqlQuery(
      """
      SELECT delivery_id, attempt, attempted_at, status_code, error, duration_ms
        FROM webhook_attempt
       WHERE delivery_id IN (<ids>)
       ORDER BY delivery_id, attempt
      """)
  List<WebhookAttemptRow> forDeliveries(@BindList("ids") List<UUID> ids);
}
