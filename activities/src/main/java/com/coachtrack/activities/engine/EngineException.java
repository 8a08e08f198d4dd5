package com.coachtrack.activities.engine;

import com.coachtrack.workflows.status.ErrorCode;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * An engine failure that the engine itself could classify (a speech server's answer), so the
 * activity can tell the workflow what it was: whether trying again helps, and when.
 */
public final class EngineException extends IOException {
  private final ErrorCode code;
  private final boolean retryHelps;
  private final Duration retryAfter;

  private EngineException(
      String message, ErrorCode code, boolean retryHelps, Duration retryAfter, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.retryHelps = retryHelps;
    this.retryAfter = retryAfter;
  }

  /** The same request will fail again until someone changes something (a key, a setting). */
  public static EngineException permanent(String message, ErrorCode code) {
    return new EngineException(message, code, false, null, null);
  }

  /**
   * Worth another attempt, after {@code retryAfter} when the engine asked for it (null: the usual
   * backoff).
   */
  public static EngineException retryable(
      String message, ErrorCode code, Duration retryAfter, Throwable cause) {
    return new EngineException(message, code, true, retryAfter, cause);
  }

  public ErrorCode code() {
    return code;
  }

  /** False when automatic retries cannot help (the session still offers Retry if its code does). */
  public boolean retryHelps() {
    return retryHelps;
  }

  /** How long the engine asked us to wait before the next attempt (a {@code Retry-After}). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
