package com.coachtrack.store;

import java.time.Instant;
import java.util.UUID;

/** A personal access token, without its secret. */
public record AccessTokenRow(
    UUID id,
    String coachId,
    String coachName,
    boolean operator,
    String name,
    Instant createdAt,
    Instant lastUsedAt,
    Instant revokedAt) {}
