package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * The quota an upload ran into, in figures a program can show.
 *
 * @param kind {@code storage} (the coach's stored recordings) or {@code audio_hours_per_month}
 * @param unit {@code GB} or {@code hours}
 * @param limit the quota
 * @param used what the coach uses now (stored, or uploaded this month)
 * @param requested what this upload would add, when known
 * @param resetsAt when the monthly quota starts again; null for storage, which frees up as sessions
 *     are deleted
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QuotaView(
    String kind, String unit, double limit, double used, Double requested, Instant resetsAt) {}
