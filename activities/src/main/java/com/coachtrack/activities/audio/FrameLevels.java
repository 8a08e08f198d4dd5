package com.coachtrack.activities.audio;

import com.coachtrack.workflows.activities.DecodedAudio;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The loudness of each 20 ms frame of 16 kHz mono s16le PCM, in dB relative to full scale. 20 ms is
 * short enough to find the pause between two words and long enough to hold a full period of any
 * voice.
 */
public final class FrameLevels {
  public static final double FRAME_SECONDS = 0.02;
  public static final int FRAME_BYTES =
      (int) Math.round(FRAME_SECONDS * DecodedAudio.BYTES_PER_SECOND);

  /** The level of digital silence; a real recording's noise floor is far above it. */
  public static final float SILENCE_DB = -100;

  private final float[] decibels;
  private final double durationSeconds;

  public FrameLevels(float[] decibels, double durationSeconds) {
    this.decibels = decibels.clone();
    this.durationSeconds = durationSeconds;
  }

  /** Reads the stream to its end; a last partial frame counts with the samples it has. */
  public static FrameLevels read(InputStream pcm) throws IOException {
    float[] levels = new float[1024];
    int count = 0;
    long totalBytes = 0;
    byte[] frame = new byte[FRAME_BYTES];
    InputStream in =
        pcm instanceof BufferedInputStream ? pcm : new BufferedInputStream(pcm, 1 << 16);
    int read;
    while ((read = in.readNBytes(frame, 0, FRAME_BYTES)) > 0) {
      totalBytes += read;
      int samples = read / 2;
      if (samples == 0) {
        break;
      }
      if (count == levels.length) {
        levels = Arrays.copyOf(levels, count * 2);
      }
      levels[count++] = level(frame, samples);
    }
    return new FrameLevels(
        Arrays.copyOf(levels, count),
        (double) (totalBytes / 2 * 2) / DecodedAudio.BYTES_PER_SECOND);
  }

  public static FrameLevels read(Path pcm) throws IOException {
    try (InputStream in = Files.newInputStream(pcm)) {
      return read(in);
    }
  }

  private static float level(byte[] frame, int samples) {
    double sumOfSquares = 0;
    for (int i = 0; i < samples; i++) {
      int sample = (short) ((frame[2 * i] & 0xFF) | (frame[2 * i + 1] << 8));
      sumOfSquares += (double) sample * sample;
    }
    return toDecibels(sumOfSquares / samples);
  }

  /**
   * Mean power of samples (in units of one sample step squared) as dB relative to a full-scale
   * square wave.
   */
  static float toDecibels(double meanSquare) {
    if (meanSquare <= 0) {
      return SILENCE_DB;
    }
    return (float) Math.max(SILENCE_DB, 10 * Math.log10(meanSquare / (32768.0 * 32768.0)));
  }

  static double toPower(float decibels) {
    return decibels <= SILENCE_DB ? 0 : Math.pow(10, decibels / 10.0);
  }

  public int count() {
    return decibels.length;
  }

  public float decibels(int frame) {
    return decibels[frame];
  }

  /** The exact length of the audio, including a last partial frame. */
  public double durationSeconds() {
    return durationSeconds;
  }
}
