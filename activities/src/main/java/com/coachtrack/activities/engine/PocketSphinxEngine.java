package com.coachtrack.activities.engine;

import com.coachtrack.activities.process.ExecutablePath;
import com.coachtrack.activities.process.LowPriority;
import com.coachtrack.activities.process.ProcessTree;
import com.coachtrack.workflows.activities.DecodedAudio;
import com.coachtrack.workflows.activities.Word;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Debian's {@code pocketsphinx_continuous} (C, about 0.3x real time on one core) run as a child
 * process per chunk. The PCM is piped into its stdin from a thread while this thread reads the word
 * lines it prints after each utterance, so words arrive while the chunk is still being recognised.
 * It runs at low priority ({@link LowPriority}): recognising is the worker's batch work, and the
 * API on the same machine must stay responsive.
 */
public final class PocketSphinxEngine implements SpeechEngine {
  public static final String NAME = "pocketsphinx";
  static final String EXECUTABLE = "pocketsphinx_continuous";
  static final Path MODEL = Path.of("/usr/share/pocketsphinx/model/en-us");

  /** pocketsphinx_continuous skips exactly this many bytes of WAV header before the samples. */
  static final int WAV_HEADER_BYTES = 44;

  private final Path executable;
  private final LowPriority priority;

  /**
   * Runs pocketsphinx at low priority where {@code nice} is installed.
   *
   * @throws IllegalStateException when pocketsphinx or its English model is not installed
   */
  public PocketSphinxEngine() {
    this(
        ExecutablePath.find(EXECUTABLE)
            .orElseThrow(() -> new IllegalStateException(EXECUTABLE + " is not on the PATH")),
        LowPriority.fromPath());
    if (!modelInstalled()) {
      throw new IllegalStateException("The pocketsphinx English model is missing from " + MODEL);
    }
  }

  /** Runs {@code executable} with pocketsphinx's arguments: a stand-in program, for tests. */
  PocketSphinxEngine(Path executable, LowPriority priority) {
    this.executable = executable;
    this.priority = priority;
  }

  /**
   * Whether the Debian packages {@code pocketsphinx} and {@code pocketsphinx-en-us} are installed.
   */
  public static boolean isInstalled() {
    return ExecutablePath.find(EXECUTABLE).isPresent() && modelInstalled();
  }

  private static boolean modelInstalled() {
    return Files.isDirectory(MODEL.resolve("en-us"))
        && Files.isRegularFile(MODEL.resolve("en-us.lm.bin"))
        && Files.isRegularFile(MODEL.resolve("cmudict-en-us.dict"));
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * A stop kills the process and whatever it started. A hung process (one that stops reading its
   * input, or stops printing and never exits) would otherwise keep this thread in {@code readLine}
   * or {@code waitFor}, and the feeder in a write to a full pipe, for good.
   */
  @Override
  public void transcribe(
      InputStream pcm, double offsetSeconds, Consumer<Word> onWord, StopSignal stop)
      throws IOException {
    Process process =
        new ProcessBuilder(
                priority.command(
                    List.of(
                        executable.toString(),
                        "-hmm",
                        MODEL.resolve("en-us").toString(),
                        "-lm",
                        MODEL.resolve("en-us.lm.bin").toString(),
                        "-dict",
                        MODEL.resolve("cmudict-en-us.dict").toString(),
                        "-infile",
                        "/dev/stdin",
                        "-logfn",
                        "/dev/null",
                        "-time",
                        "yes")))
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    AtomicReference<Throwable> sourceFailure = new AtomicReference<>();
    Thread feeder = new Thread(() -> feed(pcm, process, sourceFailure), "pocketsphinx-feed");
    feeder.setDaemon(true);
    try (StopRegistration killOnStop = stop.onStop(() -> ProcessTree.kill(process))) {
      feeder.start();
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = out.readLine()) != null) {
          parseWord(line, offsetSeconds).ifPresent(onWord);
        }
      }
      int exitCode = process.waitFor();
      feeder.join();
      rethrow(sourceFailure.get());
      if (stop.isRaised()) {
        throw new InterruptedIOException(EXECUTABLE + " was stopped (exit code " + exitCode + ")");
      }
      if (exitCode != 0) {
        throw new IOException(EXECUTABLE + " exited with code " + exitCode);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while " + EXECUTABLE + " was running");
    } finally {
      ProcessTree.kill(process);
      feeder.interrupt();
    }
  }

  /**
   * Copies the PCM into the process behind a WAV header. A failure to read our stream (a
   * cancellation, a storage error) is kept for the caller and kills the process; a failure to write
   * means the process died, which its exit code reports.
   */
  private static void feed(
      InputStream pcm, Process process, AtomicReference<Throwable> sourceFailure) {
    byte[] buffer = new byte[8192];
    try (OutputStream in = process.getOutputStream()) {
      in.write(wavHeader());
      while (true) {
        int n;
        try {
          n = pcm.read(buffer);
        } catch (IOException | RuntimeException | Error e) {
          sourceFailure.set(e);
          ProcessTree.kill(process);
          return;
        }
        if (n < 0) {
          return;
        }
        in.write(buffer, 0, n);
      }
    } catch (IOException e) {
      // The process has gone; the reader sees its output end and its exit code.
    }
  }

  private static void rethrow(Throwable failure) throws IOException {
    if (failure instanceof IOException e) {
      throw e;
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
  }

  /**
   * A {@code word start end posterior} line; the utterance's plain hypothesis line and fillers give
   * nothing. Times are seconds from the start of the stream.
   */
  static Optional<Word> parseWord(String line, double offsetSeconds) {
    String[] fields = line.strip().split("\\s+");
    if (fields.length != 4 || EngineWords.isFiller(fields[0])) {
      return Optional.empty();
    }
    try {
      double start = Double.parseDouble(fields[1]);
      double end = Double.parseDouble(fields[2]);
      double posterior = Double.parseDouble(fields[3]);
      return Optional.of(
          new Word(
              EngineWords.spelling(fields[0]),
              offsetSeconds + start,
              offsetSeconds + end,
              Math.max(0, Math.min(1, posterior))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** A canonical 44-byte header for 16 kHz mono 16-bit PCM of unknown length (streamed). */
  static byte[] wavHeader() {
    int sampleRate = DecodedAudio.SAMPLE_RATE;
    ByteBuffer header = ByteBuffer.allocate(WAV_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(-1);
    header.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    header
        .put("fmt ".getBytes(StandardCharsets.US_ASCII))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1);
    header
        .putInt(sampleRate)
        .putInt(DecodedAudio.BYTES_PER_SECOND)
        .putShort((short) 2)
        .putShort((short) 16);
    header.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(-1);
    return header.array();
  }
}
