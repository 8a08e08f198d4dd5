package com.coachtrack.store;

import com.coachtrack.workflows.progress.ProgressEstimate;
import com.coachtrack.workflows.progress.ProgressEstimator;
import com.coachtrack.workflows.progress.ProgressInput;
import com.coachtrack.workflows.status.SessionStatus;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Persists the highest progress shown so far whenever a worker reports progress, so the percentage
 * never goes back: not when a chunk is retried from its start, nor after a restart. On a worker's
 * report it also keeps the estimated finish shown at the start and at half-way, for analytics: the
 * same row and prior serve both, read once.
 */
final class ProgressFloorUpdater {
  /** The estimate kept as "at half-way" is the first one shown at or past this progress. */
  static final double HALF_WAY = 50.0;

  private final ProgressEstimator estimator;
  private final int fleetSlots;

  ProgressFloorUpdater(ProgressEstimator estimator, int fleetSlots) {
    this.estimator = estimator;
    this.fleetSlots = fleetSlots;
  }

  /** When work stops: what the coach saw last is kept. */
  void raise(Handle handle, UUID sessionId) {
    update(handle, sessionId, null);
  }

  /** A worker's report at {@code now}: the floor, and the estimates not yet kept. */
  void raiseOnReport(Handle handle, UUID sessionId, Instant now) {
    update(handle, sessionId, now);
  }

  private void update(Handle handle, UUID sessionId, Instant reportedAt) {
    SessionDao sessions = handle.attach(SessionDao.class);
    sessions
        .findById(sessionId)
        .ifPresent(
            row -> {
              EngineSpeedRow prior =
                  handle.attach(EngineSpeedDao.class).find(row.engine()).orElse(null);
              ProgressInput input = SessionProgress.input(row, prior, 0, fleetSlots, true);
              sessions.raiseProgressFloor(sessionId, estimator.progressAtLastReport(input));
              if (reportedAt != null && input.status() == SessionStatus.PROCESSING) {
                // Exactly what a status poll at this moment shows, so "predicted" is what the
                // coach was told, not a number made up for the record.
                ProgressEstimate shown = estimator.estimate(input);
                if (shown.estimatedCompletion() != null) {
                  sessions.recordEstimate(
                      sessionId,
                      shown.estimatedCompletion(),
                      shown.progress() >= HALF_WAY,
                      reportedAt);
                }
              }
            });
  }
}
