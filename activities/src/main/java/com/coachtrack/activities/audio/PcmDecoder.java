package com.coachtrack.activities.audio;

import com.coachtrack.activities.failures.DiskFull;
import com.coachtrack.workflows.activities.DecodedAudio;
import com.coachtrack.workflows.status.ErrorCode;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes any supported recording to raw 16 kHz mono s16le PCM, the format every engine here reads
 * and the one whose byte offsets map directly to seconds.
 */
public final class PcmDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(PcmDecoder.class);

  /**
   * Generous: a 3-hour MP3 decodes in seconds, but a slow disk or a busy machine must not fail a
   * session.
   */
  private static final Duration TIMEOUT = Duration.ofMinutes(30);

  /**
   * The longest recording transcribed unless configured otherwise ({@code MAX_AUDIO_HOURS}); the
   * upload refuses longer ones by content, so this only bites when ffmpeg reads more than the probe
   * measured.
   */
  public static final Duration DEFAULT_MAX_LENGTH = Duration.ofHours(4);

  private final Ffmpeg ffmpeg;
  private final Duration maxLength;

  public PcmDecoder(Ffmpeg ffmpeg) {
    this(ffmpeg, DEFAULT_MAX_LENGTH);
  }

  /**
   * @param maxLength no more than this much PCM is ever written, whatever the file's header or
   *     timestamps claim: 32 KB per audio second on disk, frame levels in heap and chunk activities
   *     in the workflow's history all grow with it
   */
  public PcmDecoder(Ffmpeg ffmpeg, Duration maxLength) {
    if (maxLength.isNegative() || maxLength.isZero()) {
      throw new IllegalArgumentException("maxLength must be positive: " + maxLength);
    }
    this.ffmpeg = ffmpeg;
    this.maxLength = maxLength;
  }

  public Duration maxLength() {
    return maxLength;
  }

  /**
   * Writes the PCM to {@code output} (replacing it) and returns its length in seconds, at most
   * {@link #maxLength()}.
   *
   * @param tick called every couple of seconds while ffmpeg works, e.g. to heartbeat; an exception
   *     from it stops the decode
   * @throws AudioRejectedException when the file has no audio track or cannot be decoded
   * @throws IOException when ffmpeg cannot run or the files cannot be read or written, a full disk
   *     included (never reported as a damaged recording)
   */
  public double decode(Path input, Path output, Runnable tick)
      throws AudioRejectedException, IOException {
    FfmpegRun run;
    String log;
    try (ContentOnlyInput source = ContentOnlyInput.of(input)) {
      List<String> arguments = new ArrayList<>(List.of("-loglevel", "error", "-nostats", "-y"));
      arguments.addAll(source.inputArguments());
      // The first audio track only: a second one (a commentary, another language) would be mixed in
      // otherwise.
      arguments.addAll(
          List.of(
              "-map",
              "0:a:0",
              "-ac",
              "1",
              "-ar",
              String.valueOf(DecodedAudio.SAMPLE_RATE),
              "-f",
              "s16le",
              "-acodec",
              "pcm_s16le",
              // An output option: ffmpeg stops writing at the limit, to the sample.
              "-t",
              String.format(Locale.ROOT, "%.3f", maxLength.toMillis() / 1000.0),
              "file:" + output.toAbsolutePath()));
      run = ffmpeg.run(arguments, TIMEOUT, tick);
      log = run.stderr().replace(source.url() + ": ", "").replace(source.url(), "the file").strip();
    }
    if (!run.succeeded()) {
      // Judged before the partial output is deleted (which frees the space): ffmpeg says "No space
      // left on device", or, when even its error output could not be written, the disk is simply
      // full. Either way the recording may be fine; a retry once there is room will tell.
      boolean diskFull =
          DiskFull.mentionedIn(log)
              || DiskFull.nearlyFull(output)
              || run.stderr().isEmpty() && DiskFull.nearlyFull(Ffmpeg.captureDir());
      Files.deleteIfExists(output);
      if (diskFull) {
        throw new FileSystemException(
            output.toString(),
            null,
            "No space left on device while decoding ("
                + (log.isEmpty() ? "ffmpeg exit code " + run.exitCode() : firstLines(log))
                + ")");
      }
      if (log.contains("matches no streams")) {
        throw new AudioRejectedException(
            ErrorCode.UNSUPPORTED_AUDIO, "The file contains no audio track.");
      }
      String detail = log.isEmpty() ? "ffmpeg exit code " + run.exitCode() : firstLines(log);
      throw new AudioRejectedException(
          ErrorCode.CORRUPT_AUDIO,
          "The recording is damaged and could not be decoded (" + detail + ").");
    }
    if (!log.isEmpty()) {
      // Damaged frames are skipped and the rest is usable; worth knowing when a transcript has
      // gaps.
      LOG.warn("Decoded {} with errors: {}", input, firstLines(log));
    }
    long bytes = Files.size(output);
    if (bytes < 2) {
      throw new AudioRejectedException(
          ErrorCode.CORRUPT_AUDIO, "The recording holds no sound that could be decoded.");
    }
    return (double) bytes / DecodedAudio.BYTES_PER_SECOND;
  }

  private static String firstLines(String log) {
    return log.lines().limit(3).collect(Collectors.joining("; "));
  }
}
