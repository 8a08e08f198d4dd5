package com.coachtrack.workflows.progress;

import java.util.Locale;

/**
 * How a processing session is moving, told apart because each asks something different of the
 * coach: slow is fine to wait for, stalled means the work is alive but stuck, and a lost worker
 * means the machine doing the work disappeared and the work is being moved.
 */
public enum Pace {
  /** Moving at about the learned speed or faster. */
  ON_TRACK,
  /** Moving, but more than 1.5× slower than the learned speed. */
  SLOW,
  /** A worker still reports in, but the audio position has not moved for the stall threshold. */
  STALLED,
  /** No worker has reported on this session for {@link ProgressEstimator#WORKER_SILENT_AFTER}. */
  WORKER_LOST,
  /**
   * Nothing of it is being transcribed right now: its next chunks wait for an engine that other
   * recordings' chunks hold (the engines are shared fairly). Not a fault.
   */
  WAITING;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
