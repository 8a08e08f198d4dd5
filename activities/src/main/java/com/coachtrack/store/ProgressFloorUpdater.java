package com.coachtrack.store;

import com.coachtrack.workflows.progress.ProgressEstimator;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Persists the highest progress shown so far whenever a worker reports progress, so the percentage
 * never goes back: not when a chunk is retried from its start, nor after a restart.
 */
final class ProgressFloorUpdater {
  private final ProgressEstimator estimator;

  ProgressFloorUpdater(ProgressEstimator estimator) {
    this.estimator = estimator;
  }

  void raise(Handle handle, UUID sessionId) {
    SessionDao sessions = handle.attach(SessionDao.class);
    sessions
        .findById(sessionId)
        .ifPresent(
            row -> {
              EngineSpeedRow prior =
                  handle.attach(EngineSpeedDao.class).find(row.engine()).orElse(null);
              double progress =
                  estimator.progressAtLastReport(SessionProgress.input(row, prior, 0));
              sessions.raiseProgressFloor(sessionId, progress);
            });
  }
}
