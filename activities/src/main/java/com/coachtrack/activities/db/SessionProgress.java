package com.coachtrack.activities.db;

import com.coachtrack.workflows.SessionStatus;
import com.coachtrack.workflows.progress.ProgressInput;

/** Turns the stored snapshot into the estimator's input; shared by the status endpoint and the workers. */
public final class SessionProgress {
  private SessionProgress() {}

  public static ProgressInput input(
      SessionRow row, double priorSecondsPerAudioSecond, double queuedAudioSecondsAhead, int parallelSlots) {
    return new ProgressInput(
        row.durationTotal(),
        row.durationProcessed(),
        row.attemptStartedAt(),
        row.activeSecondsBefore(),
        row.progressAt(),
        priorSecondsPerAudioSecond,
        0,
        row.progressFloor(),
        SessionStatus.fromWireName(row.status()),
        queuedAudioSecondsAhead,
        parallelSlots);
  }
}
