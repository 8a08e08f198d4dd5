package com.coachtrack.activities.testing;

import com.coachtrack.activities.audio.AudioRejectedException;
import com.coachtrack.activities.audio.Ffmpeg;
import com.coachtrack.activities.audio.PcmDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shared test recordings (../shared/audio) and their decoded PCM, decoded once per test JVM.
 */
public final class TestAudio {
  private static final Map<String, Path> PCM = new ConcurrentHashMap<>();

  private TestAudio() {}

  public static Path dir() {
    String configured = System.getProperty("shared.audio.dir");
    Path dir = configured != null ? Path.of(configured) : Path.of("../../shared/audio");
    return dir.toAbsolutePath().normalize();
  }

  public static Path file(String name) {
    return dir().resolve(name);
  }

  public static String text(String name) {
    try {
      return Files.readString(file(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The recording as 16 kHz mono s16le PCM in a temp file kept for the whole run. */
  public static Path pcm(String name) {
    return PCM.computeIfAbsent(name, TestAudio::decode);
  }

  private static Path decode(String name) {
    try {
      Path out = Files.createTempFile("test-audio-", ".pcm");
      out.toFile().deleteOnExit();
      new PcmDecoder(Ffmpeg.locate()).decode(file(name), out, () -> {});
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (AudioRejectedException e) {
      throw new IllegalStateException(name + " did not decode: " + e.getMessage(), e);
    }
  }
}
