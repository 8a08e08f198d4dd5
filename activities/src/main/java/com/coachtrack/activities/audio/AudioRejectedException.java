package com.coachtrack.activities.audio;

import com.coachtrack.workflows.status.ErrorCode;

/**
 * The audio cannot be used: the code says which failure class, the message says why in plain
 * language.
 */
public final class AudioRejectedException extends Exception {
  private final ErrorCode code;

  public AudioRejectedException(ErrorCode code, String message) {
    super(message);
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
