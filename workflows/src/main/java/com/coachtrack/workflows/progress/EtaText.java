package com.coachtrack.workflows.progress;

import com.coachtrack.workflows.status.StatusMessages;
import java.time.Duration;

/**
 * The words a coach reads. Durations are rounded to what a person plans with: minutes below 90
 * minutes, half hours above (a "3.4 hours" estimate claims a precision the estimate lacks).
 */
public final class EtaText {

  public static final String PROCESSING = StatusMessages.STARTED;
  public static final String ALMOST_DONE = "Almost done";
  public static final String COMPLETED = StatusMessages.COMPLETED;

  /** The story's wording for a retryable failure; permanent failures carry their own message. */
  public static final String FAILED = "Processing failed. Please try again.";

  public static final String CANCELLED = "Cancelled";
  public static final String WAITING = "Waiting to start";

  private static final long MINUTE = 60;
  private static final long HOURS_FROM = 90 * MINUTE;
  private static final long HALF_HOUR = 30 * MINUTE;

  private EtaText() {}

  /**
   * "About 3.5 hours left", "About 4 minutes left", "About 1 minute left" or "Less than a minute
   * left".
   */
  public static String remaining(Duration left) {
    return left.getSeconds() < MINUTE ? "Less than a minute left" : "About " + span(left) + " left";
  }

  /**
   * A pending session: how much work is queued ahead of it, so the coach knows whether to wait or
   * come back later.
   */
  public static String pending(Duration workAhead) {
    return workAhead.getSeconds() < MINUTE
        ? WAITING + " — yours is next"
        : WAITING + " — about " + span(workAhead) + " of work ahead";
  }

  /**
   * A stalled session: says what is happening and what will happen, because a bar that silently
   * stops is what makes coaches re-upload the same file.
   */
  public static String stalled(Duration sinceProgress) {
    String since = sinceProgress.getSeconds() < MINUTE ? "less than a minute" : span(sinceProgress);
    return "No progress for "
        + since
        + ". We are retrying automatically; you don't need to re-upload.";
  }

  /**
   * A session whose worker went silent: Temporal moves its chunk to another worker once the
   * heartbeat times out, resuming where the last heartbeat left off.
   */
  public static String workerLost(Duration silentFor) {
    String since = silentFor.getSeconds() < MINUTE ? "less than a minute" : span(silentFor);
    return "The worker transcribing this session stopped responding "
        + since
        + " ago. Its work is moving to another worker automatically; finished parts are kept.";
  }

  /**
   * A processing session none of whose chunks is running: the engines are busy with other
   * recordings' chunks, and its turn comes as they finish.
   */
  public static String waitingForEngine(Duration left) {
    return "Waiting for a free engine (they are shared with other recordings): "
        + (left.getSeconds() < MINUTE ? "less than a minute" : "about " + span(left))
        + " left";
  }

  /** "1 minute", "89 minutes", "1.5 hours", "2 hours"; callers handle spans under a minute. */
  static String span(Duration d) {
    long seconds = d.getSeconds();
    if (seconds < HOURS_FROM) {
      // Capped at 89 so that 89:59 does not read "90 minutes" while 90:00 reads "1.5 hours".
      long minutes = Math.min(89, Math.max(1, Math.round(seconds / (double) MINUTE)));
      return minutes == 1 ? "1 minute" : minutes + " minutes";
    }
    long halfHours = Math.round(seconds / (double) HALF_HOUR);
    long whole = halfHours / 2;
    return (halfHours % 2 == 0 ? Long.toString(whole) : whole + ".5") + " hours";
  }
}
