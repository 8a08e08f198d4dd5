package com.coachtrack.activities.transcribe;

import com.coachtrack.workflows.activities.Word;
import java.util.List;

/**
 * Where a chunk's new attempt starts after an earlier one stored some words. Cutting right after
 * the last stored word drops the recogniser into the middle of a sentence without its context
 * (bench/chaos measured 5–9 % more errors in such chunks), so the new attempt starts in the last
 * pause between stored words instead, as chunks themselves are cut at silences, and the words after
 * that pause are heard again.
 *
 * @param kept the stored words the new attempt keeps
 * @param from the recording time it starts reading at
 */
public record ResumePoint(List<Word> kept, double from) {

  /** A gap between words at least this long is a pause to resume in. */
  static final double PAUSE_SECONDS = 0.3;

  /**
   * Pauses earlier than this before the last stored word are not worth the audio heard again; the
   * cut then goes after the last word.
   */
  static final double MAX_REHEARD_SECONDS = 15;

  /**
   * @param earlier the words an earlier attempt stored, in order, within the chunk
   * @param chunkStart where the chunk starts; nothing is resumed before it
   */
  public static ResumePoint after(List<Word> earlier, double chunkStart) {
    if (earlier.isEmpty()) {
      return new ResumePoint(List.of(), chunkStart);
    }
    double lastEnd = earlier.get(earlier.size() - 1).end();
    for (int i = earlier.size() - 1; i > 0; i--) {
      Word before = earlier.get(i - 1);
      if (lastEnd - before.end() > MAX_REHEARD_SECONDS) {
        break;
      }
      double gap = earlier.get(i).start() - before.end();
      if (gap >= PAUSE_SECONDS) {
        return new ResumePoint(
            List.copyOf(earlier.subList(0, i)), Math.max(chunkStart, before.end() + gap / 2));
      }
    }
    return new ResumePoint(List.copyOf(earlier), Math.max(chunkStart, lastEnd));
  }
}
