package com.coachtrack.activities.transcribe;

import com.coachtrack.activities.engine.EngineProgress;
import java.util.function.LongSupplier;

/**
 * Where an engine that does not read as it recognises is in its chunk: what it last said it
 * reached, or, while it waits on a stretch of audio (a speech server's answer, whisper's), an
 * estimate that moves on the engine's learned pace but never past {@link #WAIT_CAP} of the stretch,
 * so the bar does not claim work before it is done and still has somewhere to go when the answer
 * comes. When the answer comes the position snaps to the truth.
 *
 * <p>Engines that read as they recognise never call it, and the stream's read position is the
 * measure instead ({@link #position} is NaN).
 */
final class ChunkPositions implements EngineProgress {
  /** The estimate stops at 90 % of the stretch waited on. */
  static final double WAIT_CAP = 0.9;

  private final double secondsPerAudioSecond;
  private final LongSupplier nanoTime;
  private double reached;
  private Wait wait;

  /**
   * @param startSeconds where the engine starts, in the recording's seconds, for an engine that
   *     tells its position (before it says anything); NaN for one whose reads are the measure
   * @param secondsPerAudioSecond the engine's learned pace on one chunk: wall seconds per audio
   *     second
   */
  ChunkPositions(double startSeconds, double secondsPerAudioSecond, LongSupplier nanoTime) {
    this.reached = startSeconds;
    this.secondsPerAudioSecond = secondsPerAudioSecond;
    this.nanoTime = nanoTime;
  }

  @Override
  public synchronized void reached(double recordingSeconds) {
    reached = Double.isNaN(reached) ? recordingSeconds : Math.max(reached, recordingSeconds);
    wait = null;
  }

  @Override
  public synchronized void waiting(double fromSeconds, double toSeconds) {
    wait = new Wait(fromSeconds, toSeconds, nanoTime.getAsLong());
  }

  /** Seconds of the recording the engine is at, or NaN when it says nothing. */
  synchronized double position() {
    if (wait == null) {
      return reached;
    }
    double elapsed = (nanoTime.getAsLong() - wait.startedNanos()) / 1e9;
    double estimated = estimate(wait.from(), wait.to(), elapsed, secondsPerAudioSecond);
    return Double.isNaN(reached) ? estimated : Math.max(reached, estimated);
  }

  /** Whether the engine is waiting on an answer: busy, not stuck, however still its position. */
  synchronized boolean waiting() {
    return wait != null;
  }

  /**
   * {@code from + elapsed / pace}, at most 90 % of the way to {@code to}.
   *
   * @param secondsPerAudioSecond wall seconds the engine needs per audio second; a pace that is not
   *     a positive number moves nothing
   */
  static double estimate(
      double from, double to, double elapsedSeconds, double secondsPerAudioSecond) {
    double span = Math.max(0, to - from);
    if (!(secondsPerAudioSecond > 0) || !(elapsedSeconds > 0)) {
      return from;
    }
    return from + Math.min(WAIT_CAP * span, elapsedSeconds / secondsPerAudioSecond);
  }

  private record Wait(double from, double to, long startedNanos) {}
}
