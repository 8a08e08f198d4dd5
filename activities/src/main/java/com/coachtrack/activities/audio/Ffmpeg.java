package com.coachtrack.activities.audio;

import com.coachtrack.activities.process.ExecutablePath;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import ws.schild.jave.process.ffmpeg.DefaultFFMPEGLocator;

/**
 * An ffmpeg executable and a safe way to run it. The system ffmpeg is preferred when it is on the
 * PATH (it gets the distribution's security fixes); otherwise JAVE's bundled static build is used,
 * so a machine without ffmpeg installed still works.
 */
public final class Ffmpeg {
  private static final Logger LOG = LoggerFactory.getLogger(Ffmpeg.class);

  /** Enough for every stream description and the first and last errors of a badly damaged file. */
  private static final int CAPTURE_HEAD_BYTES = 32 * 1024;

  private static final int CAPTURE_TAIL_BYTES = 32 * 1024;
  private static final Duration TICK_INTERVAL = Duration.ofSeconds(2);

  private static Ffmpeg located;

  private final Path executable;

  public Ffmpeg(Path executable) {
    this.executable = executable;
  }

  /** The system ffmpeg when installed, else the bundled one; looked up once per JVM. */
  public static synchronized Ffmpeg locate() {
    if (located == null) {
      located = ExecutablePath.find("ffmpeg").map(Ffmpeg::new).orElseGet(Ffmpeg::bundled);
      LOG.info("Using ffmpeg at {}", located.executable);
    }
    return located;
  }

  /** JAVE's static ffmpeg build, unpacked from its jar into the temp directory on first use. */
  public static Ffmpeg bundled() {
    return new Ffmpeg(Path.of(new DefaultFFMPEGLocator().getExecutablePath()));
  }

  public Path executable() {
    return executable;
  }

  /** Where a run's output is captured (the JVM's temporary directory). */
  public static Path captureDir() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** Runs ffmpeg with the given arguments, killing it after the timeout. */
  public FfmpegRun run(List<String> arguments, Duration timeout) throws IOException {
    return run(arguments, timeout, () -> {});
  }

  /**
   * Runs ffmpeg, calling {@code tick} every couple of seconds while it works (long decodes use it
   * to heartbeat). An exception from {@code tick} kills ffmpeg and propagates, which is how a
   * cancelled activity stops its decode.
   *
   * @throws IOException when ffmpeg cannot start or runs past the timeout
   */
  public FfmpegRun run(List<String> arguments, Duration timeout, Runnable tick) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(executable.toString());
    // No banner (noise in captured errors) and never read stdin (it would hang waiting for a
    // terminal).
    command.add("-hide_banner");
    command.add("-nostdin");
    command.addAll(arguments);
    // Output goes to files rather than pipes: no reader threads, and no deadlock when ffmpeg prints
    // a lot.
    Path stdout = Files.createTempFile("ffmpeg-", ".out");
    Path stderr = Files.createTempFile("ffmpeg-", ".err");
    Process process = null;
    try {
      process =
          new ProcessBuilder(command)
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile())
              .start();
      process.getOutputStream().close();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!process.waitFor(
          Math.min(TICK_INTERVAL.toNanos(), Math.max(0, deadline - System.nanoTime())),
          TimeUnit.NANOSECONDS)) {
        if (System.nanoTime() - deadline >= 0) {
          throw new IOException(
              "ffmpeg did not finish within " + timeout.toSeconds() + " s: " + arguments);
        }
        tick.run();
      }
      return new FfmpegRun(process.exitValue(), readCapped(stdout), readCapped(stderr));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while ffmpeg was running");
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  private static String readCapped(Path file) throws IOException {
    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
      long length = in.length();
      if (length <= CAPTURE_HEAD_BYTES + CAPTURE_TAIL_BYTES) {
        byte[] all = new byte[(int) length];
        in.readFully(all);
        return new String(all, StandardCharsets.UTF_8);
      }
      byte[] head = new byte[CAPTURE_HEAD_BYTES];
      in.readFully(head);
      byte[] tail = new byte[CAPTURE_TAIL_BYTES];
      in.seek(length - CAPTURE_TAIL_BYTES);
      in.readFully(tail);
      return new String(head, StandardCharsets.UTF_8)
          + "\n[... "
          + (length - head.length - tail.length)
          + " bytes left out ...]\n"
          + new String(tail, StandardCharsets.UTF_8);
    }
  }
}
