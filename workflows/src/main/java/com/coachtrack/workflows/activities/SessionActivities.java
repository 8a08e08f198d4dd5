package com.coachtrack.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * The workflow's writes to PostgreSQL; implemented by {@code SessionActivitiesImpl} in the
 * activities module.
 */
@ActivityInterface
public interface SessionActivities {

  /** Moves the session to a new status and appends the history row, in one transaction. */
  @ActivityMethod(name = "RecordStatus")
  void recordStatus(StatusChange change);

  /** Records the measured duration of the decoded audio. */
  @ActivityMethod(name = "RecordDuration")
  void recordDuration(String sessionId, double durationSeconds);

  /**
   * Stores the chunk plan, or returns the one stored by an earlier attempt, with each chunk's done
   * flag.
   */
  @ActivityMethod(name = "RegisterChunks")
  List<ChunkState> registerChunks(String sessionId, List<ChunkPlan> plan);

  /** Joins the stored chunks' words into the session's transcript and stores it. */
  @ActivityMethod(name = "AssembleTranscript")
  TranscriptSummary assembleTranscript(String sessionId);
}
