package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.LocalDate;

/**
 * Median speed of one engine in one week: wall seconds per audio second (what coaches wait) and
 * engine seconds per audio second (one slot's own pace); null when it completed nothing that week.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EngineWeekView(
    LocalDate weekStart,
    int sessions,
    Double medianSecondsPerAudioSecond,
    Double medianEngineSecondsPerAudioSecond) {}
