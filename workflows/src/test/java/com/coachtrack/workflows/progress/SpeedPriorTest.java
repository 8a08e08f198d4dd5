package com.coachtrack.workflows.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpeedPriorTest {

  @Test
  void firstObservationReplacesTheDefault() {
    assertThat(SpeedPrior.update(SpeedPrior.DEFAULT, 0, 0.3)).isEqualTo(0.3);
  }

  @Test
  void firstThreeObservationsAreAveragedExactly() {
    double prior = SpeedPrior.update(SpeedPrior.DEFAULT, 0, 1.0);
    prior = SpeedPrior.update(prior, 1, 2.0);
    prior = SpeedPrior.update(prior, 2, 3.0);
    assertThat(prior).isCloseTo(2.0, within(1e-12));
  }

  @Test
  void laterObservationsMoveThePriorByThirtyPercent() {
    assertThat(SpeedPrior.update(1.0, 10, 2.0)).isCloseTo(1.3, within(1e-12));
    assertThat(SpeedPrior.update(1.0, 1_000_000, 2.0)).isCloseTo(1.3, within(1e-12));
  }

  @Test
  void anEngineThatGetsFasterIsLearnedWithinAHandfulOfSessions() {
    double prior = SpeedPrior.DEFAULT;
    int samples = 0;
    for (int i = 0; i < 20; i++) {
      prior = SpeedPrior.update(prior, samples++, 4.0);
    }
    for (int i = 0; i < 10; i++) {
      prior = SpeedPrior.update(prior, samples++, 0.3);
    }
    assertThat(prior).isCloseTo(0.3, within(0.12));
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0.0, -1.0, 100.0001, 1e9, Double.POSITIVE_INFINITY})
  void absurdObservationsAreIgnored(double observed) {
    assertThat(SpeedPrior.isPlausible(observed)).isFalse();
    assertThat(SpeedPrior.update(2.5, 7, observed)).isEqualTo(2.5);
  }

  @Test
  void theLargestPlausibleObservationIsAccepted() {
    assertThat(SpeedPrior.isPlausible(SpeedPrior.MAX_PLAUSIBLE)).isTrue();
    assertThat(SpeedPrior.update(1.0, 0, SpeedPrior.MAX_PLAUSIBLE)).isEqualTo(100.0);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0.0, -3.0, 500.0})
  void anImplausiblePreviousPriorIsReplacedByTheObservation(double previous) {
    assertThat(SpeedPrior.update(previous, 5, 0.8)).isEqualTo(0.8);
  }

  @Test
  void rejectingAnObservationNeverReturnsAnImplausiblePrior() {
    assertThat(SpeedPrior.update(Double.NaN, 3, Double.NaN)).isEqualTo(SpeedPrior.DEFAULT);
    assertThat(SpeedPrior.update(-1, 3, 0)).isEqualTo(SpeedPrior.DEFAULT);
  }

  @Test
  void negativeSampleCountsCountAsNone() {
    assertThat(SpeedPrior.update(4.0, -5, 1.0)).isEqualTo(1.0);
  }

  @ParameterizedTest
  @ValueSource(doubles = {Double.NaN, 0.0, -1.0, 101.0, Double.NEGATIVE_INFINITY})
  void unknownPriorsFallBackToFourTimesRealTime(double prior) {
    assertThat(SpeedPrior.orDefault(prior)).isEqualTo(4.0);
  }

  @Test
  void aPlausiblePriorIsKept() {
    assertThat(SpeedPrior.orDefault(0.3)).isEqualTo(0.3);
  }
}
