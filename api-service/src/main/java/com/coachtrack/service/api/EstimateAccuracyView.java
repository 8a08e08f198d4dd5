package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Absolute error of one kind of estimate over completed sessions, as a percentage of the time that
 * really remained when it was shown; {@code early}: finished before the estimate, {@code late}:
 * after it.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EstimateAccuracyView(
    int sessions, Double medianErrorPercent, Double p90ErrorPercent, int early, int late) {}
