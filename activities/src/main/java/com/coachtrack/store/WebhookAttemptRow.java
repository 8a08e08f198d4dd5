package com.coachtrack.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code webhook_attempt}: one try at delivering a webhook.
 *
 * @param statusCode the receiver's answer; null when none came (timeout, refused connection)
 * @param error what went wrong in words; null when the receiver took it
 */
public record WebhookAttemptRow(
    UUID deliveryId,
    int attempt,
    Instant attemptedAt,
    Integer statusCode,
    String error,
    int durationMs) {}
