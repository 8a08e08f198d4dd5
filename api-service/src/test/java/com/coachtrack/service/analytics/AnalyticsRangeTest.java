package com.coachtrack.service.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coachtrack.service.errors.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnalyticsRangeTest {
  /** A Wednesday, late in the evening UTC. */
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-25T23:30:00Z"), ZoneOffset.UTC);

  @Test
  void byDefaultTwelveWholeWeeksEndingToday() {
    AnalyticsRange range = AnalyticsRange.parse(null, null, CLOCK);
    assertThat(range.to()).isEqualTo(LocalDate.parse("2026-11-25"));
    assertThat(range.from()).isEqualTo(LocalDate.parse("2026-09-07"));
    assertThat(range.from().getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY);
    assertThat(range.weeks()).hasSize(AnalyticsRange.DEFAULT_WEEKS);
    assertThat(range.weeks().get(11)).isEqualTo(LocalDate.parse("2026-11-23"));
    assertThat(AnalyticsRange.parse("", "  ", CLOCK)).isEqualTo(range);
  }

  @Test
  void todayIsTheUtcDayWhateverTheClocksZone() {
    Clock inTokyo = CLOCK.withZone(java.time.ZoneId.of("Asia/Tokyo"));
    assertThat(AnalyticsRange.parse(null, null, inTokyo).to())
        .isEqualTo(LocalDate.parse("2026-11-25"));
  }

  @Test
  void onlyAnEndGivesTheTwelveWeeksBeforeIt() {
    AnalyticsRange range = AnalyticsRange.parse(null, "2026-01-04", CLOCK);
    assertThat(range.from()).isEqualTo(LocalDate.parse("2025-10-13"));
    assertThat(range.weeks()).hasSize(12);
  }

  @Test
  void onlyAStartRunsToToday() {
    AnalyticsRange range = AnalyticsRange.parse("2026-11-01", null, CLOCK);
    assertThat(range)
        .isEqualTo(
            new AnalyticsRange(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-25")));
  }

  @Test
  void theRangeIsWholeUtcDaysEndIncluded() {
    AnalyticsRange range = AnalyticsRange.parse(" 2026-11-02 ", "2026-11-08", CLOCK);
    assertThat(range.start()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
    assertThat(range.end()).isEqualTo(Instant.parse("2026-11-09T00:00:00Z"));
    assertThat(range.days()).isEqualTo(7);
    assertThat(range.weeks()).containsExactly(LocalDate.parse("2026-11-02"));
  }

  @Test
  void oneDayIsARange() {
    AnalyticsRange range = AnalyticsRange.parse("2026-11-25", "2026-11-25", CLOCK);
    assertThat(range.days()).isEqualTo(1);
    assertThat(range.queueBucket()).isEqualTo("hour");
  }

  @Test
  void queueDepthIsHourlyUpToTwoWeeksThenDaily() {
    assertThat(AnalyticsRange.parse("2026-11-01", "2026-11-14", CLOCK).queueBucket())
        .isEqualTo("hour");
    assertThat(AnalyticsRange.parse("2026-11-01", "2026-11-15", CLOCK).queueBucket())
        .isEqualTo("day");
  }

  @Test
  void twoYearsAreAllowedAndOneDayMoreIsNot() {
    AnalyticsRange longest = AnalyticsRange.parse("2024-11-26", "2026-11-25", CLOCK);
    assertThat(longest.days()).isEqualTo(AnalyticsRange.MAX_DAYS - 1);
    assertThat(AnalyticsRange.parse("2024-11-25", "2026-11-25", CLOCK).days())
        .isEqualTo(AnalyticsRange.MAX_DAYS);
    assertThatThrownBy(() -> AnalyticsRange.parse("2024-11-24", "2026-11-25", CLOCK))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("range_too_long");
              assertThat(e.getMessage()).contains("732 days");
            });
  }

  @Test
  void anEndBeforeTheStartIsRefused() {
    assertThatThrownBy(() -> AnalyticsRange.parse("2026-11-10", "2026-11-09", CLOCK))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_range"));
    assertThatThrownBy(() -> AnalyticsRange.parse("2026-12-01", null, CLOCK))
        .as("a start after today, with no end")
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.code()).isEqualTo("invalid_range"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "yesterday",
        "2026-13-01",
        "2026-02-30",
        "25/11/2026",
        "2026-11-25T00:00:00Z",
        "20261125"
      })
  void whatIsNotAnIsoDateIsRefusedNamingTheParameter(String text) {
    assertThatThrownBy(() -> AnalyticsRange.parse(text, null, CLOCK))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(400);
              assertThat(e.code()).isEqualTo("invalid_date");
              assertThat(e.getMessage()).startsWith("from must be a date").contains(text);
            });
    assertThatThrownBy(() -> AnalyticsRange.parse(null, text, CLOCK))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.getMessage()).startsWith("to must be a date"));
  }

  @Test
  void aLongInvalidValueIsCutInTheMessage() {
    String text = "x".repeat(500);
    assertThatThrownBy(() -> AnalyticsRange.parse(text, null, CLOCK))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.getMessage()).hasSizeLessThan(140));
  }
}
