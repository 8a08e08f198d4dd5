package com.coachtrack.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A webhook endpoint. {@code secret} is only in the answer that created it.
 *
 * @param coachId who registered it
 * @param enabled false once the receiver answered 410 Gone ({@code disabled_reason} says so)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record WebhookView(
    String id,
    String url,
    List<String> events,
    String scope,
    String coachId,
    boolean enabled,
    Instant createdAt,
    Instant disabledAt,
    String disabledReason,
    @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {}
