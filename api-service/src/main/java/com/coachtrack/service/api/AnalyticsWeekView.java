package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDate;

/** One ISO week (Monday, UTC) of finished sessions; medians are null when nothing completed. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AnalyticsWeekView(
    LocalDate weekStart,
    int recordings,
    double audioHours,
    int failed,
    int cancelled,
    Double medianTurnaroundMinutesPerAudioHour,
    Double medianProcessingMinutesPerAudioHour) {}
