package com.coachtrack.activities.audio;

import com.coachtrack.workflows.status.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides, before a session is created, whether an uploaded file is audio we can transcribe and how
 * long it really is. Judged by content only: ffmpeg reads the file through a neutrally named link
 * and stream-copies the first audio track to nowhere, which walks every packet without decoding (a
 * 3-hour file takes a fraction of a second) and yields the real length even when a header claims
 * otherwise.
 */
public final class AudioProbe {
  /**
   * Shorter audio cannot hold a word worth transcribing; it is almost always a failed recording.
   */
  public static final double MIN_SECONDS = 0.5;

  private static final Duration TIMEOUT = Duration.ofMinutes(2);
  private static final int SNIFF_BYTES = 4096;
  private static final Pattern INPUT =
      Pattern.compile("^\\[info\\] Input #0, (.+), from '", Pattern.MULTILINE);
  private static final Pattern STREAM =
      Pattern.compile(
          "^\\[info\\]\\s+Stream #0:\\d+\\S*: (Audio|Video|Subtitle|Data|Attachment): ([^\\s,]+)");
  private static final Pattern ERROR = Pattern.compile("\\[(?:error|fatal)\\] (.+)$");
  private static final Pattern OUT_TIME =
      Pattern.compile("^out_time_us=(-?\\d+)\\s*$", Pattern.MULTILINE);

  private final Ffmpeg ffmpeg;

  public AudioProbe(Ffmpeg ffmpeg) {
    this.ffmpeg = ffmpeg;
  }

  /**
   * @throws IOException when the file cannot be read or ffmpeg cannot run; problems with the
   *     content are reported in the result instead
   */
  public ProbeResult probe(Path file) throws IOException {
    if (Files.size(file) == 0) {
      return ProbeResult.rejected(
          ErrorCode.CORRUPT_AUDIO,
          "The file is empty (0 bytes): the recording was not saved or not uploaded completely.",
          null,
          null,
          0);
    }
    FfmpegRun run;
    String log;
    try (ContentOnlyInput input = ContentOnlyInput.of(file)) {
      List<String> arguments = new ArrayList<>(List.of("-loglevel", "level+info", "-nostats"));
      arguments.addAll(input.inputArguments());
      arguments.addAll(
          List.of("-map", "0:a:0", "-c", "copy", "-f", "null", "-progress", "pipe:1", "-"));
      run = ffmpeg.run(arguments, TIMEOUT);
      // Error messages name the temp link, which means nothing to the coach.
      log = run.stderr().replace(input.url() + ": ", "").replace(input.url(), "the file");
    }
    Matcher opened = INPUT.matcher(log);
    if (!opened.find()) {
      return unreadable(file, errors(log));
    }
    String container = opened.group(1);
    String audioCodec = null;
    boolean video = false;
    for (String line : inputSection(log).split("\n")) {
      Matcher stream = STREAM.matcher(line);
      if (stream.find()) {
        video |= stream.group(1).equals("Video");
        if (stream.group(1).equals("Audio") && audioCodec == null) {
          audioCodec = stream.group(2);
        }
      }
    }
    if (audioCodec == null) {
      String reason =
          video ? "The file is a video without any sound." : "The file contains no audio track.";
      return ProbeResult.rejected(ErrorCode.UNSUPPORTED_AUDIO, reason, container, null, 0);
    }
    double seconds = lastOutTime(run.stdout());
    List<String> errors = errors(log);
    if (!run.succeeded() || !errors.isEmpty()) {
      // Reading through the file met damage, typically a recording cut off after its header:
      // whatever it
      // holds would be transcribed with a silent gap or an unexplained early end.
      String detail =
          errors.isEmpty() ? "ffmpeg exit code " + run.exitCode() : String.join("; ", errors);
      return ProbeResult.rejected(
          ErrorCode.CORRUPT_AUDIO,
          String.format(
              Locale.ROOT,
              "The recording is damaged or incomplete (%s); only %.1f s of it could be read.",
              detail,
              seconds),
          container,
          audioCodec,
          seconds);
    }
    if (seconds <= 0) {
      return ProbeResult.rejected(
          ErrorCode.CORRUPT_AUDIO,
          "The file has an audio track, but it holds no sound at all (0 seconds).",
          container,
          audioCodec,
          0);
    }
    if (seconds < MIN_SECONDS) {
      return ProbeResult.rejected(
          ErrorCode.CORRUPT_AUDIO,
          String.format(
              Locale.ROOT,
              "The recording is too short (%.2f s): at least %.1f s of audio is needed.",
              seconds,
              MIN_SECONDS),
          container,
          audioCodec,
          seconds);
    }
    return ProbeResult.accepted(container, audioCodec, seconds);
  }

  /**
   * ffmpeg could not open the file: damaged audio if it starts like an audio format, else not audio
   * at all.
   */
  private static ProbeResult unreadable(Path file, List<String> errors) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(SNIFF_BYTES);
    }
    String picture = pictureSignature(head);
    if (picture != null) {
      return ProbeResult.rejected(
          ErrorCode.UNSUPPORTED_AUDIO,
          "The file is " + picture + ", not a recording.",
          null,
          null,
          0);
    }
    String format = audioSignature(head);
    if (format != null) {
      String detail = errors.isEmpty() ? "" : " (" + String.join("; ", errors) + ")";
      return ProbeResult.rejected(
          ErrorCode.CORRUPT_AUDIO,
          "The file starts like "
              + format
              + " audio but is damaged or incomplete"
              + detail
              + "; it was probably cut off while recording, exporting or uploading.",
          null,
          null,
          0);
    }
    if (looksLikeText(head)) {
      return ProbeResult.rejected(
          ErrorCode.UNSUPPORTED_AUDIO, "The file contains text, not audio.", null, null, 0);
    }
    return ProbeResult.rejected(
        ErrorCode.UNSUPPORTED_AUDIO,
        "The file is not in any audio format we recognise.",
        null,
        null,
        0);
  }

  /**
   * Pictures and documents people upload by mistake, described for the coach; null for anything
   * else.
   */
  static String pictureSignature(byte[] head) {
    boolean picture =
        startsWith(head, 1, "PNG")
            || (head.length >= 3
                && (head[0] & 0xFF) == 0xFF
                && (head[1] & 0xFF) == 0xD8
                && (head[2] & 0xFF) == 0xFF)
            || startsWith(head, 0, "GIF8")
            || (startsWith(head, 0, "RIFF") && startsWith(head, 8, "WEBP"))
            || startsWith(head, 0, "II*\0")
            || startsWith(head, 0, "MM\0*")
            || (startsWith(head, 4, "ftyp")
                && (startsWith(head, 8, "heic")
                    || startsWith(head, 8, "heix")
                    || startsWith(head, 8, "mif1")
                    || startsWith(head, 8, "avif")));
    if (picture) {
      return "a picture";
    }
    return startsWith(head, 0, "%PDF") ? "a PDF document" : null;
  }

  /**
   * The container's well-known first bytes, for telling a damaged recording from something else.
   */
  static String audioSignature(byte[] head) {
    if (startsWith(head, 0, "RIFF") || startsWith(head, 0, "RF64") || startsWith(head, 0, "BW64")) {
      return "WAV";
    }
    if (startsWith(head, 4, "ftyp") || startsWith(head, 4, "moov") || startsWith(head, 4, "mdat")) {
      return "MP4/M4A";
    }
    if (startsWith(head, 0, "ID3")
        || (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE0) == 0xE0)) {
      return "MP3/AAC";
    }
    if (startsWith(head, 0, "OggS")) {
      return "OGG";
    }
    if (startsWith(head, 0, "fLaC")) {
      return "FLAC";
    }
    if (head.length >= 4
        && (head[0] & 0xFF) == 0x1A
        && (head[1] & 0xFF) == 0x45
        && (head[2] & 0xFF) == 0xDF
        && (head[3] & 0xFF) == 0xA3) {
      return "WebM/Matroska";
    }
    if (startsWith(head, 0, "FORM")
        && (startsWith(head, 8, "AIFF") || startsWith(head, 8, "AIFC"))) {
      return "AIFF";
    }
    if (startsWith(head, 0, "#!AMR")) {
      return "AMR";
    }
    if (head.length >= 4
        && (head[0] & 0xFF) == 0x30
        && (head[1] & 0xFF) == 0x26
        && (head[2] & 0xFF) == 0xB2
        && (head[3] & 0xFF) == 0x75) {
      return "WMA";
    }
    if (startsWith(head, 0, "caff")) {
      return "CAF";
    }
    return null;
  }

  /** Printable characters and line breaks only; a single control byte means binary data. */
  static boolean looksLikeText(byte[] head) {
    for (byte b : head) {
      int c = b & 0xFF;
      boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f';
      if (control || c == 0x7F) {
        return false;
      }
    }
    return head.length > 0;
  }

  private static boolean startsWith(byte[] head, int offset, String ascii) {
    if (head.length < offset + ascii.length()) {
      return false;
    }
    for (int i = 0; i < ascii.length(); i++) {
      if (head[offset + i] != (byte) ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Input streams are listed before the output's; the output repeats them and must not be counted.
   */
  private static String inputSection(String log) {
    int output = log.indexOf("[info] Output #0");
    return output < 0 ? log : log.substring(0, output);
  }

  private static List<String> errors(String log) {
    List<String> errors = new ArrayList<>();
    for (String line : log.split("\n")) {
      Matcher error = ERROR.matcher(line.strip());
      if (error.find() && !errors.contains(error.group(1))) {
        errors.add(error.group(1));
      }
    }
    return errors;
  }

  /**
   * The time of the last packet copied, from ffmpeg's machine-readable progress output: its end
   * with ffmpeg 5 and later, its start with ffmpeg 4 (JAVE's build), so the latter is short by one
   * packet.
   */
  private static double lastOutTime(String progress) {
    Matcher time = OUT_TIME.matcher(progress);
    long micros = 0;
    while (time.find()) {
      micros = Long.parseLong(time.group(1));
    }
    return micros / 1_000_000.0;
  }
}
