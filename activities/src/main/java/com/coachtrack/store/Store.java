package com.coachtrack.store;

import com.coachtrack.workflows.progress.ProgressEstimator;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The store's writers, built once per process over one database and one estimator, so that the
 * worker and the API apply status changes and progress floors the same way.
 */
public final class Store {
  private final Jdbi jdbi;
  private final SessionStatusWriter statusWriter;
  private final JdbiChunkStore chunks;
  private final TranscriptStore transcripts;

  /**
   * @param fleetSlots engine slots of all workers together: a session's chunks run that many at a
   *     time when it has the engines to itself, which is the pace the ETA learns
   */
  public Store(Jdbi jdbi, Clock clock, ProgressEstimator estimator, int fleetSlots) {
    this.jdbi = jdbi;
    ProgressFloorUpdater floorUpdater = new ProgressFloorUpdater(estimator);
    this.statusWriter = new SessionStatusWriter(jdbi, clock, floorUpdater, fleetSlots);
    this.chunks = new JdbiChunkStore(jdbi, clock, statusWriter, floorUpdater);
    this.transcripts = new TranscriptStore(jdbi, clock);
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public SessionStatusWriter statusWriter() {
    return statusWriter;
  }

  public JdbiChunkStore chunks() {
    return chunks;
  }

  public TranscriptStore transcripts() {
    return transcripts;
  }
}
