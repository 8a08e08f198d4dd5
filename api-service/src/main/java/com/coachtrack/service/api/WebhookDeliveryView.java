package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * One event sent to one endpoint, with every attempt.
 *
 * @param id the {@code webhook-id} header the receiver saw
 * @param status {@code pending} (retrying), {@code delivered} or {@code failed}
 * @param nextAttemptAt when the next attempt is due, while pending
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WebhookDeliveryView(
    String id,
    String sessionId,
    String eventType,
    String status,
    Instant createdAt,
    Instant finishedAt,
    Instant nextAttemptAt,
    Integer lastStatusCode,
    String lastError,
    List<WebhookAttemptView> attempts) {}
