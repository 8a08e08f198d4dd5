package com.coachtrack.store;

import java.time.Instant;

/** A row of {@code coach}: a built-in account. */
public record CoachRow(
    String id,
    String email,
    String name,
    String passwordHash,
    Instant createdAt,
    Instant passwordChangedAt) {}
