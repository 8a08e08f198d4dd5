package com.coachtrack.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code webhook_delivery}: one event for one endpoint.
 *
 * @param status {@code pending}, {@code delivered} or {@code failed}
 * @param payload the exact body sent with every attempt
 */
public record WebhookDeliveryRow(
    UUID id,
    UUID endpointId,
    UUID sessionId,
    String eventType,
    String payload,
    String status,
    int attempts,
    Instant createdAt,
    Instant lastAttemptAt,
    Instant nextAttemptAt,
    Instant finishedAt,
    Integer lastStatusCode,
    String lastError) {

  public static final String PENDING = "pending";
  public static final String DELIVERED = "delivered";
  public static final String FAILED = "failed";

  /** The {@code webhook-id} header: stable across attempts, so a receiver can drop repeats. */
  public String messageId() {
    return "msg_" + id.toString().replace("-", "");
  }
}
