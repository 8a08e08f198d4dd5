package com.coachtrack.service.transcripts;

import java.util.Locale;
import java.util.Optional;

/** The download formats a finished transcript is offered in. */
public enum TranscriptFormat {
  TXT("text/plain; charset=utf-8", "txt"),
  SRT("application/x-subrip", "srt"),
  VTT("text/vtt", "vtt"),
  JSON("application/json", "json");

  private final String mediaType;
  private final String extension;

  TranscriptFormat(String mediaType, String extension) {
    this.mediaType = mediaType;
    this.extension = extension;
  }

  /** The Content-Type to serve this format with. */
  public String mediaType() {
    return mediaType;
  }

  /** File name extension without the dot, for Content-Disposition file names. */
  public String extension() {
    return extension;
  }

  /**
   * Reads a {@code ?format=} value. Absent or blank means plain text, the format a coach can read
   * without tools; anything unrecognised is empty so the caller can answer 400 instead of guessing.
   */
  public static Optional<TranscriptFormat> parse(String value) {
    if (value == null || value.isBlank()) {
      return Optional.of(TXT);
    }
    // Locale.ROOT: in a Turkish locale "txt".toUpperCase() would not equal "TXT".
    String name = value.strip().toUpperCase(Locale.ROOT);
    for (TranscriptFormat format : values()) {
      if (format.name().equals(name)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }
}
