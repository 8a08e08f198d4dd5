package com.coachtrack.service.temporal;

import com.coachtrack.workflows.activities.ChunkResult;
import com.coachtrack.workflows.activities.ChunkTask;
import com.coachtrack.workflows.activities.TranscribeActivities;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the chunk activities running in this worker, for the {@code engine.slots-in-use} gauge:
 * with {@code engine.slots} it tells an operator whether the engines are the bottleneck. Wraps the
 * activity rather than asking Temporal, whose worker keeps that count to itself.
 */
public final class EngineSlotsInUse implements TranscribeActivities {
  private final TranscribeActivities delegate;
  private final AtomicInteger running;

  /**
   * @param running shared by every engine queue's activities of the process, so the gauge counts
   *     them all
   */
  public EngineSlotsInUse(TranscribeActivities delegate, AtomicInteger running) {
    this.delegate = delegate;
    this.running = running;
  }

  @Override
  public ChunkResult transcribeChunk(ChunkTask task) {
    running.incrementAndGet();
    try {
      return delegate.transcribeChunk(task);
    } finally {
      running.decrementAndGet();
    }
  }

  public int inUse() {
    return running.get();
  }
}
