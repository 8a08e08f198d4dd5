package com.coachtrack.service.analytics;

import java.util.Collection;

/**
 * Order statistics over small samples, exact (sorted in memory). Non-finite values are left out: a
 * session without a measurable ratio says nothing about the median.
 */
public final class Stats {
  private Stats() {}

  /**
   * The middle value; for an even count the mean of the two middle ones.
   *
   * @return null for no (finite) values
   */
  public static Double median(Collection<Double> values) {
    double[] sorted = sortedFinite(values);
    int n = sorted.length;
    if (n == 0) {
      return null;
    }
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }

  /**
   * The nearest-rank percentile: the smallest value with at least {@code percent} % of the values
   * at or below it. Always one of the values, never interpolated, so "p90 = 40 %" means a real
   * session was 40 % off.
   *
   * @param percent in (0, 100]
   * @return null for no (finite) values
   */
  public static Double percentile(Collection<Double> values, double percent) {
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException("percent must be in (0, 100]: " + percent);
    }
    double[] sorted = sortedFinite(values);
    if (sorted.length == 0) {
      return null;
    }
    // The epsilon keeps 0.9 * 10 = 9.000000000000002 from ranking as 10.
    int rank = (int) Math.ceil(percent / 100 * sorted.length - 1e-9);
    return sorted[Math.max(1, rank) - 1];
  }

  /** Rounded half away from zero to {@code decimals} places; null stays null. */
  public static Double round(Double value, int decimals) {
    if (value == null) {
      return null;
    }
    return java.math.BigDecimal.valueOf(value)
        .setScale(decimals, java.math.RoundingMode.HALF_UP)
        .doubleValue();
  }

  private static double[] sortedFinite(Collection<Double> values) {
    return values.stream()
        .filter(v -> v != null && Double.isFinite(v))
        .mapToDouble(Double::doubleValue)
        .sorted()
        .toArray();
  }
}
