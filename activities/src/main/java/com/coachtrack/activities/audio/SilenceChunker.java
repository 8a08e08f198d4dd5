package com.coachtrack.activities.audio;

import com.coachtrack.workflows.activities.ChunkPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a recording into chunks at its quietest points and estimates how much of it is speech.
 * Cutting inside a word costs the engine that word on both sides, so every cut is placed in the
 * longest, quietest pause that the allowed window offers. Pure computation over {@link
 * FrameLevels}.
 */
public final class SilenceChunker {
  /** The window in which a cut is searched, in seconds after the chunk's start. */
  public static final double MIN_CUT_SECONDS = 20;

  public static final double MAX_CUT_SECONDS = 45;

  /**
   * A chunk is never longer than this; with cuts at most 45 s apart and tails merged it cannot be.
   */
  public static final double MAX_CHUNK_SECONDS = 60;

  /**
   * A last piece shorter than this is not worth its own engine run, so it joins the previous chunk.
   */
  public static final double MIN_TAIL_SECONDS = 5;

  /**
   * Ties between equally good pauses go to the one nearest this point: long chunks, but not the
   * longest.
   */
  static final double PREFERRED_CUT_SECONDS = 35;

  /**
   * Frames averaged around each candidate: a pause must last a while, a quiet instant inside a word
   * does not.
   */
  static final int SMOOTHING_FRAMES = 5;

  /**
   * Everything within this much of the quietest level counts as equally quiet; then the longest
   * pause wins.
   */
  static final double QUIET_MARGIN_DB = 6;

  /** A frame is speech when it is this much louder than the recording's noise floor... */
  static final double SPEECH_ABOVE_FLOOR_DB = 12;

  /**
   * ...and louder than this in absolute terms, so faint hiss over digital silence is not speech.
   */
  static final double SPEECH_MIN_DB = -60;

  /** The noise floor is the level that this share of frames stays under. */
  static final double FLOOR_PERCENTILE = 0.10;

  /** Less speech than this is a cough, a click or a slammed door, not something to transcribe. */
  public static final double MIN_SPEECH_SECONDS = 1.0;

  private static final int FRAMES_PER_SECOND = (int) Math.round(1 / FrameLevels.FRAME_SECONDS);

  private SilenceChunker() {}

  /** The chunks, covering the recording from 0 to its end without gaps; empty for empty audio. */
  public static List<ChunkPlan> plan(FrameLevels levels) {
    List<ChunkPlan> chunks = new ArrayList<>();
    double duration = levels.durationSeconds();
    if (duration <= 0) {
      return chunks;
    }
    double[] power = smoothedPower(levels);
    int start = 0;
    while (duration - seconds(start) > MAX_CUT_SECONDS) {
      int first = start + frames(MIN_CUT_SECONDS);
      // Never leave less than a tail's worth after the cut: that tail would be merged back anyway.
      int last =
          Math.min(
              start + frames(MAX_CUT_SECONDS),
              (int) Math.floor((duration - MIN_TAIL_SECONDS) * FRAMES_PER_SECOND));
      int cut = quietestPause(power, first, last, start + frames(PREFERRED_CUT_SECONDS));
      chunks.add(new ChunkPlan(chunks.size(), seconds(start), seconds(cut)));
      start = cut;
    }
    chunks.add(new ChunkPlan(chunks.size(), seconds(start), duration));
    return chunks;
  }

  /** Seconds of frames that stand out from the recording's noise floor as speech would. */
  public static double speechSeconds(FrameLevels levels) {
    if (levels.count() == 0) {
      return 0;
    }
    double threshold = Math.max(noiseFloor(levels) + SPEECH_ABOVE_FLOOR_DB, SPEECH_MIN_DB);
    int speech = 0;
    for (int i = 0; i < levels.count(); i++) {
      if (levels.decibels(i) > threshold) {
        speech++;
      }
    }
    return speech * FrameLevels.FRAME_SECONDS;
  }

  public static boolean hasSpeech(FrameLevels levels) {
    return speechSeconds(levels) >= MIN_SPEECH_SECONDS;
  }

  /**
   * The middle of the longest run of frames, between {@code first} and {@code last}, whose smoothed
   * power is within {@link #QUIET_MARGIN_DB} of the quietest one there.
   */
  static int quietestPause(double[] power, int first, int last, int preferred) {
    double quietest = Double.MAX_VALUE;
    for (int i = first; i <= last; i++) {
      quietest = Math.min(quietest, power[i]);
    }
    double threshold = quietest * Math.pow(10, QUIET_MARGIN_DB / 10);
    int bestCut = first;
    int bestLength = -1;
    int runStart = -1;
    for (int i = first; i <= last + 1; i++) {
      boolean quiet = i <= last && power[i] <= threshold;
      if (quiet && runStart < 0) {
        runStart = i;
      } else if (!quiet && runStart >= 0) {
        int length = i - runStart;
        int middle = runStart + length / 2;
        boolean longer = length > bestLength;
        boolean asLongButNearer =
            length == bestLength && Math.abs(middle - preferred) < Math.abs(bestCut - preferred);
        if (longer || asLongButNearer) {
          bestLength = length;
          bestCut = middle;
        }
        runStart = -1;
      }
    }
    return bestCut;
  }

  /**
   * Mean power over each frame's neighbourhood, in linear units so that averaging is meaningful.
   */
  static double[] smoothedPower(FrameLevels levels) {
    int n = levels.count();
    double[] prefix = new double[n + 1];
    for (int i = 0; i < n; i++) {
      prefix[i + 1] = prefix[i] + FrameLevels.toPower(levels.decibels(i));
    }
    double[] smoothed = new double[n];
    for (int i = 0; i < n; i++) {
      int from = Math.max(0, i - SMOOTHING_FRAMES);
      int to = Math.min(n, i + SMOOTHING_FRAMES + 1);
      smoothed[i] = (prefix[to] - prefix[from]) / (to - from);
    }
    return smoothed;
  }

  /**
   * The level that {@link #FLOOR_PERCENTILE} of frames stay under, from a 0.5 dB histogram (linear
   * time).
   */
  static double noiseFloor(FrameLevels levels) {
    int bins = (int) (-FrameLevels.SILENCE_DB * 2) + 1;
    int[] histogram = new int[bins];
    for (int i = 0; i < levels.count(); i++) {
      int bin = (int) Math.round((levels.decibels(i) - FrameLevels.SILENCE_DB) * 2);
      histogram[Math.max(0, Math.min(bins - 1, bin))]++;
    }
    long wanted = (long) Math.ceil(levels.count() * FLOOR_PERCENTILE);
    long seen = 0;
    for (int bin = 0; bin < bins; bin++) {
      seen += histogram[bin];
      if (seen >= wanted) {
        return FrameLevels.SILENCE_DB + bin / 2.0;
      }
    }
    return 0;
  }

  private static int frames(double seconds) {
    return (int) Math.round(seconds * FRAMES_PER_SECOND);
  }

  /**
   * Division by a whole number keeps cut times exact multiples of 20 ms, hence whole PCM samples.
   */
  private static double seconds(int frame) {
    return frame / (double) FRAMES_PER_SECOND;
  }
}
