package com.coachtrack.service.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EstimateErrorTest {
  private static final Instant MADE = Instant.parse("2026-11-25T10:00:00Z");

  @Test
  void finishingAfterTheEstimateIsLateByTheShareOfTheRealWait() {
    // Told 10:50, done 11:00: 10 minutes off an hour that really remained.
    EstimateError error =
        EstimateError.of(
            Instant.parse("2026-11-25T10:50:00Z"), MADE, Instant.parse("2026-11-25T11:00:00Z"));
    assertThat(error.percent()).isCloseTo(100.0 / 6, within(1e-9));
    assertThat(error.late()).isTrue();
    assertThat(error.early()).isFalse();
  }

  @Test
  void finishingBeforeTheEstimateIsEarly() {
    EstimateError error =
        EstimateError.of(
            Instant.parse("2026-11-25T10:30:00Z"), MADE, Instant.parse("2026-11-25T10:20:00Z"));
    assertThat(error.percent()).isEqualTo(50.0);
    assertThat(error.early()).isTrue();
    assertThat(error.late()).isFalse();
  }

  @Test
  void anExactEstimateIsNeitherEarlyNorLate() {
    Instant at = Instant.parse("2026-11-25T10:05:00Z");
    EstimateError error = EstimateError.of(at, MADE, at);
    assertThat(error).isEqualTo(new EstimateError(0, false, false));
  }

  @Test
  void anEstimateFarTooSlowCountsForWhatItWas() {
    // The default 4x prior on a 0.2x engine: told 40 minutes, done in 2.
    EstimateError error = EstimateError.of(MADE.plusSeconds(2400), MADE, MADE.plusSeconds(120));
    assertThat(error.percent()).isEqualTo(1900.0);
    assertThat(error.early()).isTrue();
  }

  @Test
  void millisecondsCount() {
    EstimateError error = EstimateError.of(MADE.plusMillis(1500), MADE, MADE.plusMillis(1000));
    assertThat(error.percent()).isEqualTo(50.0);
  }

  @Test
  void nothingToCompareIsNull() {
    Instant later = MADE.plusSeconds(60);
    assertThat(EstimateError.of(null, MADE, later)).isNull();
    assertThat(EstimateError.of(later, null, later)).isNull();
    assertThat(EstimateError.of(later, MADE, null)).isNull();
    assertThat(EstimateError.of(later, MADE, MADE)).as("no time remained").isNull();
    assertThat(EstimateError.of(later, later, MADE)).as("shown after the finish").isNull();
  }
}
