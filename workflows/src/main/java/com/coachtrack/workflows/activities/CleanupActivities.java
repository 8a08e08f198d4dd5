package com.coachtrack.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Retention and storage hygiene: removes finished sessions past the window and files nothing needs
 * any more; implemented by {@code CleanupActivitiesImpl}.
 */
@ActivityInterface
public interface CleanupActivities {

  /**
   * Deletes every completed, failed or cancelled session that finished before the cutoff, with its
   * files, chunks, history and transcript. Pending and processing sessions are never touched.
   *
   * @return how many sessions were deleted
   */
  @ActivityMethod(name = "DeleteOldSessions")
  int deleteSessionsOlderThan(long cutoffEpochMillis);

  /**
   * Sweeps the shared storage: deletes the files of sessions that have no row, and the decoded
   * audio of sessions that no longer need it (completed, cancelled, failed for good, or failed
   * before the cutoff). Only files last written before the cutoff are considered, so an upload
   * being stored right now (file first, row a moment later) is never taken for an orphan.
   */
  @ActivityMethod(name = "SweepStorage")
  StorageSweep sweepStorage(long cutoffEpochMillis);
}
