package com.coachtrack.workflows.progress;

import com.coachtrack.workflows.status.SessionStatus;
import java.time.Instant;
import java.util.Objects;

/**
 * What the status store knows about one session at the moment the coach asks. Plain data: the
 * estimator tolerates missing or absurd numbers (NaN, negative, zero slots) because a status page
 * must answer even when a worker wrote something odd, so nothing but {@code status} is validated
 * here.
 *
 * @param durationTotalSeconds length of the recording; NaN or ≤ 0 while unknown (no ETA then)
 * @param durationProcessedSeconds audio seconds already transcribed; moves within chunks
 * @param processingStartedAt start of the current attempt's processing; null while pending
 * @param activeSecondsBefore processing wall time of earlier attempts, so a retry does not reset
 *     the clock (finished chunks are kept across retries, and so is the time they took)
 * @param lastProgressAt last time {@code durationProcessedSeconds} moved; null if it never did
 * @param workerSeenAt last time a worker reported on this session, moving or not; null if none has
 *     (then the last progress or the attempt's start is the last sign of life)
 * @param priorSecondsPerAudioSecond learned wall seconds per audio second for this engine (see
 *     {@link SpeedPrior}); implausible values fall back to {@link SpeedPrior#DEFAULT}
 * @param priorSamples how many completed sessions the prior was learned from; 0 for the default
 *     guess, which then counts for little against what is measured
 * @param progressFloor highest progress ever shown for this session (persisted), 0..100
 * @param status the session's current status
 * @param queuedAudioSecondsAhead for a pending session: audio seconds of other sessions the engines
 *     transcribe before this one is done. The engines are shared fairly (each active session keeps
 *     a window of chunks queued), so that is every other active session's remaining audio up to
 *     this session's own remaining audio, whoever uploaded first
 * @param positionEstimated the engine says nothing about its position until a chunk is done (a
 *     speech server over HTTP, whisper in process), so the worker advances the position on the
 *     engine's learned pace and the ETA's range is wider
 * @param chunkInFlight a worker should be reporting on this session: a chunk of it has started and
 *     is not done, or nothing else is keeping the engines busy. False when its next chunks are
 *     queued behind other recordings' chunks on busy engines: silence then means waiting, not a
 *     lost worker or a stall
 */
public record ProgressInput(
    double durationTotalSeconds,
    double durationProcessedSeconds,
    Instant processingStartedAt,
    double activeSecondsBefore,
    Instant lastProgressAt,
    Instant workerSeenAt,
    double priorSecondsPerAudioSecond,
    int priorSamples,
    double progressFloor,
    SessionStatus status,
    double queuedAudioSecondsAhead,
    boolean positionEstimated,
    boolean chunkInFlight) {

  public ProgressInput {
    Objects.requireNonNull(status, "status");
  }
}
