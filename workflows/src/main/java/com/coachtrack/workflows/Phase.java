package com.coachtrack.workflows;

/** Where a transcription run is, as operators see it in the progress query. */
public enum Phase {
  QUEUED,
  DECODING,
  PLANNING,
  TRANSCRIBING,
  ASSEMBLING,
  COMPLETED,
  FAILED_WAITING_FOR_RETRY,
  FAILED,
  CANCELLED;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
