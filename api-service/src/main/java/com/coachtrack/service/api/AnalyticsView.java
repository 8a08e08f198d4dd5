package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDate;
import java.util.List;

/**
 * What the numbers say over time (GET /api/v1/analytics); {@code engines} and {@code queue} only
 * with {@code scope=all}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AnalyticsView(
    String scope,
    LocalDate from,
    LocalDate to,
    String timeZone,
    AnalyticsTotalsView totals,
    List<AnalyticsWeekView> weeks,
    EstimatesView estimates,
    List<FailureCountView> failures,
    List<EngineSpeedView> engines,
    QueueView queue) {}
