package com.coachtrack.workflows.status;

import java.util.Locale;

/**
 * Failure classes a coach can act on. Permanent ones fail at once (retrying the same file cannot
 * help); retryable ones are retried automatically with backoff before the coach sees them.
 */
public enum ErrorCode {
  UNSUPPORTED_AUDIO(
      false,
      "This file is not audio we can read.",
      "Upload the recording as MP3, M4A, WAV, FLAC, OGG or WebM."),
  CORRUPT_AUDIO(
      false,
      "The recording is damaged or incomplete.",
      "Export or download the recording again and upload the new file."),
  NO_SPEECH(
      false,
      "We found no speech in this recording.",
      "Check that the right file was uploaded and that the microphone was on."),
  TOO_LONG(
      false,
      "The recording is longer than we can transcribe.",
      "Split the recording into parts and upload each one."),
  ENGINE_CRASH(
      true,
      "The transcription engine stopped unexpectedly.",
      "Press Retry: finished parts are kept and only the rest is transcribed."),
  WORKER_LOST(
      true,
      "The machine transcribing your session went away.",
      "Press Retry: finished parts are kept and only the rest is transcribed."),
  STORAGE_ERROR(
      true,
      "We could not read or write the recording's files.",
      "This is a problem on our side (storage full or unreachable), not with your file: press Retry"
          + " in a few minutes, finished parts are kept. If it keeps failing, contact support."),
  DATABASE_ERROR(
      true,
      "We could not save the transcription's progress.",
      "Press Retry in a few minutes. If it keeps failing, contact support."),
  STALLED(
      true,
      "Transcription made no progress for too long and was stopped.",
      "Press Retry: finished parts are kept and only the rest is transcribed.");

  private final boolean retryable;
  private final String userMessage;
  private final String nextSteps;

  ErrorCode(boolean retryable, String userMessage, String nextSteps) {
    this.retryable = retryable;
    this.userMessage = userMessage;
    this.nextSteps = nextSteps;
  }

  public boolean retryable() {
    return retryable;
  }

  public String userMessage() {
    return userMessage;
  }

  public String nextSteps() {
    return nextSteps;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Temporal failure type names: permanent codes are listed as non-retryable in activity options.
   */
  public String failureType() {
    return "coachtrack." + wireName();
  }

  /**
   * A stored code; unknown or missing ones read as an engine crash (retryable, the safe default).
   */
  public static ErrorCode fromWireName(String stored) {
    for (ErrorCode code : values()) {
      if (code.wireName().equals(stored)) {
        return code;
      }
    }
    return ENGINE_CRASH;
  }

  public static ErrorCode fromFailureType(String type) {
    for (ErrorCode code : values()) {
      if (code.failureType().equals(type)) {
        return code;
      }
    }
    return ENGINE_CRASH;
  }

  public static String[] permanentFailureTypes() {
    return java.util.Arrays.stream(values())
        .filter(code -> !code.retryable)
        .map(ErrorCode::failureType)
        .toArray(String[]::new);
  }
}
