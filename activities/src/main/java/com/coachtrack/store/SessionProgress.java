package com.coachtrack.store;

import com.coachtrack.workflows.progress.ProgressInput;
import com.coachtrack.workflows.progress.SpeedPrior;
import com.coachtrack.workflows.status.SessionStatus;

/**
 * Turns the stored snapshot into the estimator's input; shared by the status endpoint and the
 * workers.
 */
public final class SessionProgress {
  private SessionProgress() {}

  /**
   * @param prior the engine's learned speed; null when nothing is learned yet (the default applies)
   */
  public static ProgressInput input(
      SessionRow row, EngineSpeedRow prior, double queuedAudioSecondsAhead) {
    return new ProgressInput(
        row.durationTotal(),
        row.durationProcessed(),
        row.attemptStartedAt(),
        row.activeSecondsBefore(),
        row.progressAt(),
        row.workerSeenAt(),
        prior == null ? SpeedPrior.DEFAULT : prior.secondsPerAudioSecond(),
        prior == null ? 0 : prior.samples(),
        row.progressFloor(),
        SessionStatus.fromWireName(row.status()),
        queuedAudioSecondsAhead);
  }
}
