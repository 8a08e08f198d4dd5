package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** One status change in a session's timeline; {@code actor} is who asked, when a person did. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HistoryEntryView(
    String fromStatus,
    String toStatus,
    Instant at,
    int attempt,
    String message,
    String errorCode,
    String actor) {}
