package com.coachtrack.store;

import java.time.Instant;
import java.util.UUID;

/**
 * A row of {@code session_outcome}: how one session ended, with no coach content.
 *
 * @param status completed, failed or cancelled
 * @param errorCode the failure's code; null unless failed (or cancelled after a failure)
 * @param audioSeconds the recording's length
 * @param uploadedAt when the coach uploaded it
 * @param finishedAt when it reached this state: for a completed session the actual finish
 * @param processingSeconds wall time spent working, over all attempts
 * @param engineSeconds engine time of its chunks together; null unless every chunk stored its time
 * @param etaAtStart the finish predicted at the first report of the run; null when none was kept
 * @param etaAtStartMadeAt when that prediction was shown
 * @param etaAtHalf the finish predicted at the first report at or past 50 %
 * @param etaAtHalfMadeAt when that prediction was shown
 */
public record OutcomeRow(
    UUID sessionId,
    String coachId,
    String engine,
    String status,
    String errorCode,
    int attempt,
    double audioSeconds,
    Instant uploadedAt,
    Instant startedAt,
    Instant finishedAt,
    Double processingSeconds,
    Double engineSeconds,
    Instant etaAtStart,
    Instant etaAtStartMadeAt,
    Instant etaAtHalf,
    Instant etaAtHalfMadeAt) {}
