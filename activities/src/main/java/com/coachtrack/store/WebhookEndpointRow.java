package com.coachtrack.store;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * A row of {@code webhook_endpoint}.
 *
 * @param coachId who registered it
 * @param allCoaches receives every coach's sessions (registered by an operator)
 * @param events comma-separated event types, e.g. {@code session.completed,session.failed}
 * @param secret the Standard Webhooks signing secret, {@code whsec_} and base64
 */
public record WebhookEndpointRow(
    UUID id,
    String coachId,
    boolean allCoaches,
    String url,
    String events,
    String secret,
    boolean enabled,
    Instant createdAt,
    Instant disabledAt,
    String disabledReason) {

  public List<String> eventList() {
    return Arrays.stream(events.split(",")).filter(e -> !e.isBlank()).toList();
  }
}
