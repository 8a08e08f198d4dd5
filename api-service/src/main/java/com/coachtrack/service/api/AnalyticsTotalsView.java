package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The whole range: completed recordings, their audio, failures and cancellations, and the medians.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AnalyticsTotalsView(
    int recordings,
    double audioHours,
    int failed,
    int cancelled,
    Double medianTurnaroundMinutesPerAudioHour,
    Double medianProcessingMinutesPerAudioHour) {}
