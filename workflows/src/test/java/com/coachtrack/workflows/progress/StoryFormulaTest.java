package com.coachtrack.workflows.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The story's formula, kept as the benchmark baseline; these tests pin it and its flaws. */
class StoryFormulaTest {

  @ParameterizedTest(name = "processed {0} of {1} after {2} s -> {3} %")
  @CsvSource({
    "450,  3600, 1800,  12.5",
    "0,    3600, 0,     0.0",
    "1800, 3600, 1800,  38.75",
    "3600, 3600, 14400, 100.0",
  })
  void reproducesTheStorysNumbers(double processed, double total, double elapsed, double expected) {
    assertThat(StoryFormula.progress(processed, total, elapsed)).isCloseTo(expected, within(1e-9));
  }

  @Test
  void flaw1_passesOneHundredWhenTheEngineIsSlowerThanFourTimes() {
    // Done at 5× real time: 5 hours for a 60-minute file.
    assertThat(StoryFormula.progress(3600, 3600, 18_000)).isGreaterThan(100.0);
    // Still running at 70 % audio after 10 hours: also "over 100 %".
    assertThat(StoryFormula.progress(2520, 3600, 36_000)).isGreaterThan(100.0);
  }

  @Test
  void flaw2_keepsCreepingWhileNothingIsTranscribed() {
    double atThirtyMinutes = StoryFormula.progress(450, 3600, 1800);
    double twoHoursLaterStillStuck = StoryFormula.progress(450, 3600, 1800 + 7200);
    assertThat(twoHoursLaterStillStuck).isCloseTo(atThirtyMinutes + 15, within(1e-9));
  }
}
