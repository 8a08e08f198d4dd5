package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One attempt at a delivery.
 *
 * @param statusCode the receiver's answer; null when none came
 * @param error what went wrong; null when the receiver took it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WebhookAttemptView(
    int attempt, Instant at, Integer statusCode, String error, int durationMs) {}
