package com.coachtrack.store;

import com.coachtrack.activities.engine.EngineProfile;
import com.coachtrack.workflows.progress.ProgressInput;
import com.coachtrack.workflows.progress.SpeedPrior;
import com.coachtrack.workflows.status.SessionStatus;
import java.util.Optional;

/**
 * Turns the stored snapshot into the estimator's input; shared by the status endpoint and the
 * workers.
 */
public final class SessionProgress {
  private SessionProgress() {}

  /**
   * @param prior the engine's learned speed; null when nothing is learned yet (the engine's shipped
   *     speed applies, or the generic default for an engine this version does not know)
   * @param fleetSlots engine slots of all workers together, which a lone session's chunks share
   * @param chunkInFlight a chunk of the session has started and is not done (see {@link
   *     ProgressInput#chunkInFlight()})
   */
  public static ProgressInput input(
      SessionRow row,
      EngineSpeedRow prior,
      double queuedAudioSecondsAhead,
      int fleetSlots,
      boolean chunkInFlight) {
    Optional<EngineProfile> profile = EngineProfile.of(row.engine());
    return new ProgressInput(
        row.durationTotal(),
        row.durationProcessed(),
        row.attemptStartedAt(),
        row.activeSecondsBefore(),
        row.progressAt(),
        row.workerSeenAt(),
        prior == null ? shippedPrior(row.engine(), fleetSlots) : prior.secondsPerAudioSecond(),
        prior == null ? 0 : prior.samples(),
        row.progressFloor(),
        SessionStatus.fromWireName(row.status()),
        queuedAudioSecondsAhead,
        profile.map(EngineProfile::positionEstimated).orElse(false),
        chunkInFlight);
  }

  /**
   * The pace of a session alone on an engine nothing was learned about yet: its shipped speed per
   * slot over the fleet's slots, or the generic default for an engine this version does not know.
   */
  public static double shippedPrior(String engine, int fleetSlots) {
    return EngineProfile.of(engine)
        .map(profile -> profile.shippedPrior(fleetSlots))
        .orElse(SpeedPrior.DEFAULT);
  }
}
