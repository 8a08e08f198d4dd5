package com.coachtrack.workflows.activities;

/** 16 kHz mono signed 16-bit little-endian PCM stored under {@code pcmKey}. */
public record DecodedAudio(String pcmKey, double durationSeconds) {
  public static final int SAMPLE_RATE = 16_000;
  public static final int BYTES_PER_SECOND = SAMPLE_RATE * 2;
}
