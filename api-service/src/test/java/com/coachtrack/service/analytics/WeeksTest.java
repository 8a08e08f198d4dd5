package com.coachtrack.service.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeeksTest {

  @ParameterizedTest
  @CsvSource({
    "2026-11-23, 2026-11-23", // a Monday is its own week
    "2026-11-24, 2026-11-23",
    "2026-11-29, 2026-11-23", // Sunday ends the week
    "2026-11-30, 2026-11-30",
    "2027-01-01, 2026-12-28", // across the new year (ISO week 53 of 2026)
    "2024-02-29, 2024-02-26", // a leap day
    "2025-01-05, 2024-12-30"
  })
  void aDayBelongsToTheWeekOfItsMonday(LocalDate day, LocalDate monday) {
    assertThat(Weeks.start(day)).isEqualTo(monday);
  }

  @Test
  void anInstantIsPlacedByItsUtcDay() {
    assertThat(Weeks.start(Instant.parse("2026-11-29T23:59:59.999Z")))
        .isEqualTo(LocalDate.parse("2026-11-23"));
    assertThat(Weeks.start(Instant.parse("2026-11-30T00:00:00Z")))
        .isEqualTo(LocalDate.parse("2026-11-30"));
  }

  @Test
  void everyWeekTouchingTheRangeIsListedOnceInOrder() {
    assertThat(Weeks.overlapping(LocalDate.parse("2026-11-25"), LocalDate.parse("2026-11-25")))
        .containsExactly(LocalDate.parse("2026-11-23"));
    assertThat(Weeks.overlapping(LocalDate.parse("2026-11-29"), LocalDate.parse("2026-11-30")))
        .containsExactly(LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-30"));
    assertThat(Weeks.overlapping(LocalDate.parse("2026-12-20"), LocalDate.parse("2027-01-10")))
        .containsExactly(
            LocalDate.parse("2026-12-14"),
            LocalDate.parse("2026-12-21"),
            LocalDate.parse("2026-12-28"),
            LocalDate.parse("2027-01-04"));
    assertThat(Weeks.overlapping(LocalDate.parse("2025-01-01"), LocalDate.parse("2026-12-31")))
        .hasSize(105)
        .doesNotHaveDuplicates()
        .isSorted();
  }
}
