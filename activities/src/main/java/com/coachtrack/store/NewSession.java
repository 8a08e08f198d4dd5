package com.coachtrack.store;

import java.time.Instant;
import java.util.UUID;

/** What the upload endpoint knows when it creates a session. */
public record NewSession(
    UUID id,
    String coachId,
    String title,
    String originalFilename,
    String sourceKey,
    long sizeBytes,
    String format,
    String engine,
    String workflowId,
    double durationTotal,
    String message,
    Instant createdAt) {}
