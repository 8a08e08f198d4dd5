package com.coachtrack.service.analytics;

import com.coachtrack.service.errors.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The days an analytics answer covers, both included, in UTC.
 *
 * @param from the first day
 * @param to the last day
 */
public record AnalyticsRange(LocalDate from, LocalDate to) {
  /** Weeks shown when the caller names no start: this week and the eleven before it. */
  public static final int DEFAULT_WEEKS = 12;

  /**
   * Two years, a leap day included: what the history keeps (ANALYTICS_RETENTION is longer) and what
   * one answer may cost to compute.
   */
  public static final int MAX_DAYS = 731;

  /** Up to two weeks queue depth is shown by the hour, beyond by the day (at most ~730 points). */
  static final int HOURLY_QUEUE_UP_TO_DAYS = 14;

  /**
   * The range asked for in {@code ?from=&to=} (ISO dates). Without {@code to} it ends today;
   * without {@code from} it starts on the Monday eleven weeks before the week of {@code to}, so the
   * default is twelve whole weeks.
   *
   * @throws ApiException 400 {@code invalid_date}, {@code invalid_range} or {@code range_too_long}
   */
  public static AnalyticsRange parse(String from, String to, Clock clock) {
    LocalDate end =
        isBlank(to) ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC) : date(to, "to");
    LocalDate start =
        isBlank(from) ? Weeks.start(end).minusWeeks(DEFAULT_WEEKS - 1) : date(from, "from");
    if (start.isAfter(end)) {
      throw new ApiException(
          400, "invalid_range", "from (" + start + ") must not be after to (" + end + ").");
    }
    long days = ChronoUnit.DAYS.between(start, end) + 1;
    if (days > MAX_DAYS) {
      throw new ApiException(
          400,
          "range_too_long",
          "Ask for at most "
              + MAX_DAYS
              + " days (two years) at once; "
              + start
              + " to "
              + end
              + " is "
              + days
              + " days.");
    }
    return new AnalyticsRange(start, end);
  }

  /** The first instant of {@code from}. */
  public Instant start() {
    return from.atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  /** The first instant after {@code to}: the range is {@code start() ≤ t < end()}. */
  public Instant end() {
    return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public long days() {
    return ChronoUnit.DAYS.between(from, to) + 1;
  }

  /** The Mondays of the weeks the range touches. */
  public List<LocalDate> weeks() {
    return Weeks.overlapping(from, to);
  }

  /** {@code hour} or {@code day}: how queue samples are grouped for this range. */
  public String queueBucket() {
    return days() <= HOURLY_QUEUE_UP_TO_DAYS ? "hour" : "day";
  }

  private static LocalDate date(String text, String name) {
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new ApiException(
          400,
          "invalid_date",
          name
              + " must be a date written as YYYY-MM-DD, such as 2026-11-02; got '"
              + (text.length() > 40 ? text.substring(0, 40) + "…" : text)
              + "'.");
    }
  }

  private static boolean isBlank(String text) {
    return text == null || text.isBlank();
  }
}
