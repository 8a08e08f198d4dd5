package com.coachtrack.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Webhook endpoints: registered, listed and removed by coaches and operators; disabled by a 410.
 */
@RegisterConstructorMapper(WebhookEndpointRow.class)
public interface WebhookEndpointDao {

  String COLUMNS =
      """
      id, coach_id, all_coaches, url, events, secret, enabled, created_at, disabled_at, disabled_reason
      """;

  @SqlUpdate(
      """
      INSERT INTO webhook_endpoint (id, coach_id, all_coaches, url, events, secret, enabled, created_at)
      VALUES (:id, :coachId, :allCoaches, :url, :events, :secret, true, :now)
      """)
  void insert(
      UUID id,
      String coachId,
      boolean allCoaches,
      String url,
      String events,
      String secret,
      Instant now);

  @SqlQuery("SELECT " + COLUMNS + " FROM webhook_endpoint WHERE id = :id")
  Optional<WebhookEndpointRow> findById(UUID id);

  /** The coach's own endpoints and, for an operator, every endpoint that hears all coaches. */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
           FROM webhook_endpoint
          WHERE coach_id = :coachId OR (:operator AND all_coaches)
          ORDER BY created_at, id
          """)
  List<WebhookEndpointRow> visibleTo(String coachId, boolean operator);

  @SqlQuery("SELECT count(*) FROM webhook_endpoint WHERE coach_id = :coachId")
  int countFor(String coachId);

  @SqlUpdate("DELETE FROM webhook_endpoint WHERE id = :id")
  boolean delete(UUID id);

  /**
   * The enabled endpoints that want this event of this coach's session: the coach's own (unless the
   * coach paused their webhooks) and those that hear every coach.
   */
  @SqlQuery(
      "SELECT "
          + COLUMNS
          + """
           FROM webhook_endpoint
          WHERE enabled
            AND :eventType = ANY (string_to_array(events, ','))
            AND ((coach_id = :coachId AND :coachWants) OR all_coaches)
          ORDER BY created_at, id
          """)
  List<WebhookEndpointRow> wanting(String coachId, boolean coachWants, String eventType);

  @SqlUpdate(
      """
      UPDATE webhook_endpoint SET enabled = false, disabled_at = :now, disabled_reason = :reason
       WHERE id = :id AND enabled
      """)
  void disable(UUID id, String reason, Instant now);
}
