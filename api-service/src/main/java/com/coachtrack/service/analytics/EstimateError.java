package com.coachtrack.service.analytics;

import java.time.Duration;
import java.time.Instant;

/**
 * How far one estimated finish was from the real one, as a share of the time that really remained
 * when it was shown: an estimate made with an hour to go that is 6 minutes off is 10 % off, and so
 * is one made with 10 minutes to go that is 1 minute off. (bench/eta-accuracy divides by the whole
 * processing time instead; for the estimate at the start of processing the two are the same.)
 *
 * @param percent the absolute error in percent
 * @param early the session finished before the estimated time
 * @param late the session finished after it
 */
public record EstimateError(double percent, boolean early, boolean late) {

  /**
   * @return null when the estimate was not kept, or when it was not shown before the finish (no
   *     time remained to be wrong about)
   */
  public static EstimateError of(Instant predicted, Instant madeAt, Instant actual) {
    if (predicted == null || madeAt == null || actual == null) {
      return null;
    }
    long remainedMillis = Duration.between(madeAt, actual).toMillis();
    if (remainedMillis <= 0) {
      return null;
    }
    long offMillis = Math.abs(Duration.between(predicted, actual).toMillis());
    return new EstimateError(
        100.0 * offMillis / remainedMillis, actual.isBefore(predicted), actual.isAfter(predicted));
  }
}
