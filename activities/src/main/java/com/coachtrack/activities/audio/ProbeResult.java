package com.coachtrack.activities.audio;

import com.coachtrack.workflows.status.ErrorCode;

/**
 * What {@link AudioProbe} found out about an uploaded file.
 *
 * @param ok whether the file is audio we can transcribe
 * @param container ffmpeg's name of the container format (e.g. {@code wav}, {@code mp3}), or null
 *     if unknown
 * @param codec ffmpeg's name of the first audio stream's codec, or null if there is none
 * @param durationSeconds the audio's real length, measured by reading it through (never the
 *     header's claim)
 * @param errorCode why the file was rejected; null when accepted
 * @param reason a plain-language explanation of the rejection for the coach; null when accepted
 */
public record ProbeResult(
    boolean ok,
    String container,
    String codec,
    double durationSeconds,
    ErrorCode errorCode,
    String reason) {

  public static ProbeResult accepted(String container, String codec, double durationSeconds) {
    return new ProbeResult(true, container, codec, durationSeconds, null, null);
  }

  public static ProbeResult rejected(
      ErrorCode errorCode, String reason, String container, String codec, double durationSeconds) {
    return new ProbeResult(false, container, codec, durationSeconds, errorCode, reason);
  }
}
