package com.coachtrack.workflows.progress;

import com.coachtrack.workflows.status.SessionStatus;
import java.time.Instant;

/** The estimator's tests' sessions, mostly of an engine that tells its position by its reads. */
final class ProgressInputs {
  private ProgressInputs() {}

  /** An engine that reports where it is, with a chunk of the session running. */
  static ProgressInput of(
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
      double queuedAudioSecondsAhead) {
    return of(
        durationTotalSeconds,
        durationProcessedSeconds,
        processingStartedAt,
        activeSecondsBefore,
        lastProgressAt,
        workerSeenAt,
        priorSecondsPerAudioSecond,
        priorSamples,
        progressFloor,
        status,
        queuedAudioSecondsAhead,
        false);
  }

  /** A session with a chunk of it running (its silence is a worker's). */
  static ProgressInput of(
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
      boolean positionEstimated) {
    return new ProgressInput(
        durationTotalSeconds,
        durationProcessedSeconds,
        processingStartedAt,
        activeSecondsBefore,
        lastProgressAt,
        workerSeenAt,
        priorSecondsPerAudioSecond,
        priorSamples,
        progressFloor,
        status,
        queuedAudioSecondsAhead,
        positionEstimated,
        true);
  }
}
