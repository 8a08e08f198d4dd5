package com.coachtrack.store;

import com.coachtrack.workflows.activities.Word;
import java.util.List;

/**
 * What can be read of a transcript while its session is still being transcribed: the words of the
 * finished chunks in recording order, the stretches of the recording they cover, and the stretches
 * still to transcribe (in order, adjacent chunks merged).
 */
public record PartialTranscript(
    List<Word> words,
    List<TimeRange> covered,
    List<TimeRange> missing,
    int chunksDone,
    int chunksTotal) {

  /** Seconds of the recording whose words are in {@link #words}. */
  public double coveredSeconds() {
    return covered.stream().mapToDouble(TimeRange::seconds).sum();
  }
}
