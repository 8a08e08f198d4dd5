package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** One hour or day of queue samples. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QueuePointView(
    Instant at,
    int samples,
    int maxPending,
    double meanPending,
    int maxProcessing,
    double maxAudioHoursWaiting) {}
