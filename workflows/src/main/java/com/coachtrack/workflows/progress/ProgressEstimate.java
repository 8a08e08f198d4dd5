package com.coachtrack.workflows.progress;

import java.time.Duration;
import java.time.Instant;

/**
 * What the coach is shown for one session.
 *
 * @param progress 0..100 with at most two decimals; never below the floor it was computed with, and
 *     100 only once the transcript is stored (status COMPLETED). Persist it as the next {@link
 *     ProgressInput#progressFloor()}.
 * @param estimatedCompletion best guess of when the transcript is ready; null in final states or
 *     when the recording's length is unknown
 * @param etaLow earliest plausible completion; {@code etaLow ≤ estimatedCompletion}; null with it
 * @param etaHigh latest plausible completion; {@code estimatedCompletion ≤ etaHigh}; null with it
 * @param remaining {@code estimatedCompletion − now}; {@link Duration#ZERO} when COMPLETED, null
 *     when failed, cancelled or unknown
 * @param message the one line of text the coach reads (see {@link EtaText})
 * @param stalled PROCESSING and no progress for at least the estimator's stall threshold
 * @param almostDone PROCESSING and progress above 90 %
 * @param secondsPerAudioSecond the processing rate the estimate used (wall seconds per audio
 *     second); the sanitised prior when no measurement was involved
 * @param pace how a PROCESSING session is moving; null in every other status
 */
public record ProgressEstimate(
    double progress,
    Instant estimatedCompletion,
    Instant etaLow,
    Instant etaHigh,
    Duration remaining,
    String message,
    boolean stalled,
    boolean almostDone,
    double secondsPerAudioSecond,
    Pace pace) {}
