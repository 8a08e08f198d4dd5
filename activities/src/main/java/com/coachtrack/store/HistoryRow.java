package com.coachtrack.store;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code status_history}. */
public record HistoryRow(
    long id,
    UUID sessionId,
    String fromStatus,
    String toStatus,
    Instant at,
    int attempt,
    String message,
    String errorCode,
    String actor) {}
