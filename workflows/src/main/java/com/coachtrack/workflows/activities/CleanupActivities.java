package com.coachtrack.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Retention: removes finished sessions past the window; implemented by {@code
 * CleanupActivitiesImpl}.
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
}
