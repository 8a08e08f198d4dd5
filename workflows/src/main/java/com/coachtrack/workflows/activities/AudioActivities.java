package com.coachtrack.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Audio preparation. The contract lives in the workflows module because the workflow calls it and
 * modules depend one way only (activities → workflows); {@code AudioActivitiesImpl} is in the
 * activities module.
 */
@ActivityInterface
public interface AudioActivities {

  /**
   * Decodes the upload to 16 kHz mono PCM (kept in storage, reused when present). Fails
   * non-retryably with {@code coachtrack.corrupt_audio}, {@code coachtrack.unsupported_audio} or
   * {@code coachtrack.no_speech}.
   */
  @ActivityMethod(name = "DecodeAudio")
  DecodedAudio decode(String sessionId, String sourceKey);

  /** Cuts the decoded audio into chunks of tens of seconds at its quietest points. */
  @ActivityMethod(name = "PlanChunks")
  List<ChunkPlan> planChunks(String pcmKey, double durationSeconds);
}
