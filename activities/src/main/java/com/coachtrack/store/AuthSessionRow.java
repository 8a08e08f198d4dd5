package com.coachtrack.store;

import java.time.Instant;

/** A signed-in browser and who it was signed in as. */
public record AuthSessionRow(
    String idHash,
    String coachId,
    String coachName,
    String coachEmail,
    boolean operator,
    Instant createdAt,
    Instant lastSeenAt,
    Instant expiresAt,
    Instant revokedAt) {}
