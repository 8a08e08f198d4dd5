package com.coachtrack.workflows.activities;

/**
 * One piece of the session's audio, cut at a silence. Times are seconds from the start of the
 * recording.
 */
public record ChunkPlan(int index, double startSeconds, double endSeconds) {
  public double lengthSeconds() {
    return endSeconds - startSeconds;
  }
}
