package com.coachtrack.service.uploads;

import com.coachtrack.service.errors.ApiException;
import com.coachtrack.workflows.status.ErrorCode;
import java.time.Duration;
import java.util.Locale;

/**
 * The longest recording accepted ({@code MAX_AUDIO_HOURS}), judged on the length the probe measured
 * by reading the file through, never on what its header claims.
 */
public final class AudioLengthLimit {
  private final Duration max;

  public AudioLengthLimit(Duration max) {
    this.max = max;
  }

  /**
   * @throws ApiException 422 too_long naming the recording's length and the limit
   */
  public void check(double seconds) {
    if (seconds * 1000 > max.toMillis()) {
      throw new ApiException(
          422,
          ErrorCode.TOO_LONG.wireName(),
          "The recording is "
              + clock(seconds)
              + " long; recordings up to "
              + describe(max)
              + " can be transcribed. "
              + ErrorCode.TOO_LONG.nextSteps());
    }
  }

  /**
   * A length as a coach reads it on a player: 4:01:10, or 12:05 under an hour; rounded up, so a
   * recording just over the limit never reads as the limit itself.
   */
  static String clock(double seconds) {
    long whole = (long) Math.ceil(seconds);
    long hours = whole / 3600;
    long minutes = whole % 3600 / 60;
    long secs = whole % 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs)
        : String.format(Locale.ROOT, "%d:%02d", minutes, secs);
  }

  /** The limit in words: "4 hours", "1 h 30 min", "45 minutes", "18 seconds". */
  static String describe(Duration limit) {
    long hours = limit.toHours();
    long minutes = limit.toMinutesPart();
    long seconds = limit.toSecondsPart();
    if (hours > 0 && minutes == 0 && seconds == 0) {
      return hours + (hours == 1 ? " hour" : " hours");
    }
    if (hours > 0) {
      return hours + " h " + minutes + " min";
    }
    if (minutes > 0 && seconds == 0) {
      return minutes + (minutes == 1 ? " minute" : " minutes");
    }
    if (minutes > 0) {
      return minutes + " min " + seconds + " s";
    }
    return limit.toSeconds() + (limit.toSeconds() == 1 ? " second" : " seconds");
  }
}
