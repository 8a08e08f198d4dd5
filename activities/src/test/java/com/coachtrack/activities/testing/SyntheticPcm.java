package com.coachtrack.activities.testing;

import com.coachtrack.activities.audio.FrameLevels;
import com.coachtrack.workflows.activities.DecodedAudio;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;

/**
 * Builds 16 kHz mono s16le PCM from tones, noise and silence, for tests that need to know where
 * pauses are.
 */
public final class SyntheticPcm {
  private static final int RATE = DecodedAudio.SAMPLE_RATE;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final Random random = new Random(42);

  /** A sine tone; amplitude is a fraction of full scale. */
  public SyntheticPcm tone(double seconds, double hertz, double amplitude) {
    int n = samples(seconds);
    for (int i = 0; i < n; i++) {
      sample(amplitude * 32767 * Math.sin(2 * Math.PI * hertz * i / RATE));
    }
    return this;
  }

  /** A tone whose loudness rises and falls a few times a second, the way syllables do. */
  public SyntheticPcm speechLike(double seconds, double amplitude) {
    int n = samples(seconds);
    for (int i = 0; i < n; i++) {
      double envelope = 0.55 + 0.45 * Math.sin(2 * Math.PI * 4 * i / RATE);
      sample(amplitude * envelope * 32767 * Math.sin(2 * Math.PI * 220 * i / RATE));
    }
    return this;
  }

  /** White noise; amplitude is a fraction of full scale. */
  public SyntheticPcm noise(double seconds, double amplitude) {
    int n = samples(seconds);
    for (int i = 0; i < n; i++) {
      sample(amplitude * 32767 * (random.nextDouble() * 2 - 1));
    }
    return this;
  }

  /** Digital silence: all zeros. */
  public SyntheticPcm silence(double seconds) {
    out.writeBytes(new byte[samples(seconds) * 2]);
    return this;
  }

  public byte[] bytes() {
    return out.toByteArray();
  }

  public FrameLevels levels() {
    try {
      return FrameLevels.read(new ByteArrayInputStream(bytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void sample(double value) {
    int s = (int) Math.max(-32768, Math.min(32767, Math.round(value)));
    out.write(s & 0xFF);
    out.write((s >> 8) & 0xFF);
  }

  private static int samples(double seconds) {
    return (int) Math.round(seconds * RATE);
  }
}
