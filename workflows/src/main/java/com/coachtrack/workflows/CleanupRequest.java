package com.coachtrack.workflows;

import java.time.Duration;

/**
 * How the cleanup workflow runs.
 *
 * @param retentionDays finished sessions older than this are deleted
 * @param interval time between runs
 * @param runsPerExecution runs before the workflow continues as new, keeping its history small
 * @param carried totals of the executions before this one
 */
public record CleanupRequest(
    int retentionDays, Duration interval, int runsPerExecution, CleanupProgress carried) {

  /** A month of daily runs is about 200 history events, far below Temporal's limits. */
  static final int DEFAULT_RUNS_PER_EXECUTION = 30;

  public CleanupRequest {
    if (retentionDays < 1) {
      throw new IllegalArgumentException("retentionDays must be at least 1, was " + retentionDays);
    }
    if (interval == null || interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, was " + interval);
    }
    // An operator starting the workflow by hand (Temporal CLI) may leave these out.
    if (runsPerExecution < 1) {
      runsPerExecution = DEFAULT_RUNS_PER_EXECUTION;
    }
    if (carried == null) {
      carried = CleanupProgress.none();
    }
  }

  public static CleanupRequest of(int retentionDays, Duration interval) {
    return new CleanupRequest(
        retentionDays, interval, DEFAULT_RUNS_PER_EXECUTION, CleanupProgress.none());
  }

  /** The request for the next execution, carrying this one's totals. */
  public CleanupRequest continueWith(CleanupProgress progress) {
    return new CleanupRequest(retentionDays, interval, runsPerExecution, progress);
  }
}
