package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * A webhook endpoint to register.
 *
 * @param events which to deliver; all three when left out
 * @param scope {@code mine} (default) or, for operators, {@code all}: every coach's sessions
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WebhookRequest(String url, List<String> events, String scope) {}
