package com.coachtrack.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Speech recognition of one chunk; implemented by {@code TranscribeActivitiesImpl} in the
 * activities module.
 */
@ActivityInterface
public interface TranscribeActivities {

  /**
   * Transcribes one chunk, heartbeating {@link ChunkHeartbeat} as it goes and storing the words
   * when done. A chunk whose words are already stored returns at once.
   */
  @ActivityMethod(name = "TranscribeChunk")
  ChunkResult transcribeChunk(ChunkTask task);
}
