package com.coachtrack.service.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * The status a coach's browser polls. The first eight fields are the user story's; the rest make it
 * honest (range, stall, attempt) and cheap to poll (poll_after_ms, omitted once final). {@code
 * pace} tells slow work (moving, but slower than this engine usually is) from stalled work (not
 * moving); null unless processing. {@code version} grows with every change of the session and is
 * the id of its Server-Sent Events; {@code chunks_done} of {@code chunks_total} pieces can be read
 * already ({@code transcript?partial=true}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SessionStatusView(
    String sessionId,
    String status,
    double progress,
    Instant estimatedCompletion,
    Instant startedAt,
    String message,
    double durationProcessed,
    double durationTotal,
    String title,
    String originalFilename,
    String engine,
    Instant createdAt,
    Instant updatedAt,
    Instant etaLow,
    Instant etaHigh,
    int attempt,
    boolean stalled,
    String pace,
    boolean almostDone,
    Double processingSeconds,
    Integer queuePosition,
    @JsonInclude(JsonInclude.Include.NON_NULL) Long pollAfterMs,
    boolean canRetry,
    boolean canCancel,
    Integer wordCount,
    ErrorView error,
    long version,
    int chunksDone,
    int chunksTotal) {}
