package com.coachtrack.activities.webhooks;

/**
 * What one POST to a webhook receiver came to.
 *
 * @param statusCode the answer's status; null when none came
 * @param retryAfterSeconds the answer's {@code Retry-After} in seconds, when it had one
 * @param error what went wrong, in words; null for a 2xx
 * @param refusedTarget the host resolved to an address webhooks may not go to
 */
public record PostResult(
    Integer statusCode,
    Long retryAfterSeconds,
    String error,
    int durationMs,
    boolean refusedTarget) {

  public boolean delivered() {
    return statusCode != null && statusCode >= 200 && statusCode < 300;
  }

  /**
   * A 4xx that no retry will change (the Standard Webhooks convention: 408 and 429 say "later").
   */
  public boolean refused() {
    return statusCode != null
        && statusCode >= 400
        && statusCode < 500
        && statusCode != 408
        && statusCode != 429;
  }

  /** The receiver says the endpoint is gone for good: it is disabled. */
  public boolean gone() {
    return statusCode != null && statusCode == 410;
  }
}
