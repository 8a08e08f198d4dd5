package com.coachtrack.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code transcription_session}: the snapshot every status read is computed from. {@code
 * version} grows with every change of the row (a database trigger sets it, see the changeSet
 * 2026-12-create-session-changed-trigger); it is the id of the session's Server-Sent Events.
 */
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
    Integer wordCount,
    long version,
    int chunksTotal,
    int chunksDone) {}
