package com.coachtrack.service.analytics;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * ISO weeks (Monday to Sunday) in UTC, named by their Monday. UTC because the numbers are shared by
 * coaches and operators in any time zone, and a week must mean the same rows for all of them.
 */
public final class Weeks {
  private Weeks() {}

  /** The Monday of the week holding {@code date}. */
  public static LocalDate start(LocalDate date) {
    return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  /** The Monday of the UTC week holding {@code instant}. */
  public static LocalDate start(Instant instant) {
    return start(LocalDate.ofInstant(instant, ZoneOffset.UTC));
  }

  /** Every week that overlaps {@code from..to} (both days included), oldest first. */
  public static List<LocalDate> overlapping(LocalDate from, LocalDate to) {
    List<LocalDate> weeks = new ArrayList<>();
    for (LocalDate week = start(from); !week.isAfter(to); week = week.plusWeeks(1)) {
      weeks.add(week);
    }
    return weeks;
  }
}
