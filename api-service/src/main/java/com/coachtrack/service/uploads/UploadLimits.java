package com.coachtrack.service.uploads;

import java.time.Duration;

/**
 * What one upload may cost, from the configuration.
 *
 * @param maxFileBytes the recording itself ({@code MAX_UPLOAD_MB})
 * @param maxParts parts in the multipart body
 * @param minBytesPerSecond the slowest average data rate kept over {@code rateWindow}; 0 keeps any
 * @param rateWindow the window the rate is averaged over
 * @param maxAudio the longest recording accepted ({@code MAX_AUDIO_HOURS})
 */
public record UploadLimits(
    long maxFileBytes,
    int maxParts,
    long minBytesPerSecond,
    Duration rateWindow,
    Duration maxAudio) {

  /**
   * Room for the multipart boundaries, part headers and the title around the recording: a real form
   * needs well under 2 KB.
   */
  public static final long FORM_OVERHEAD_BYTES = 64 * 1024;

  /** The whole body, counted as it streams in whether or not a Content-Length was sent. */
  public long maxBodyBytes() {
    return maxFileBytes + FORM_OVERHEAD_BYTES;
  }
}
