package com.coachtrack.store;

import java.time.Instant;

/** A signed-in browser, with its coach's account. */
public record AuthSessionRow(
    String idHash,
    String coachId,
    String email,
    String name,
    Instant createdAt,
    Instant lastSeenAt,
    Instant expiresAt,
    Instant revokedAt) {}
