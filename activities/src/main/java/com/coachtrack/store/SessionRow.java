package com.coachtrack.store;

import java.time.Instant;
import java.util.UUID;

/** A row of {@code transcription_session}: the snapshot every status read is computed from. */
public record SessionRow(
    UUID id,
    String coachId,
    String title,
    String originalFilename,
    String sourceKey,
    long sizeBytes,
    String format,
    String engine,
    String workflowId,
    String status,
    int attempt,
    double durationTotal,
    double durationProcessed,
    double progressFloor,
    double activeSecondsBefore,
    String message,
    String errorCode,
    String errorDetail,
    Instant createdAt,
    Instant updatedAt,
    Instant startedAt,
    Instant attemptStartedAt,
    Instant progressAt,
    Instant workerSeenAt,
    Instant finishedAt,
    Double processingSeconds,
    Integer wordCount) {}
