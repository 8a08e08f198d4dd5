package com.coachtrack.service.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatsTest {

  @Test
  void medianOfNothingIsNull() {
    assertThat(Stats.median(List.of())).isNull();
    assertThat(Stats.median(Arrays.asList(null, Double.NaN, Double.POSITIVE_INFINITY))).isNull();
  }

  @Test
  void medianOfAnOddCountIsTheMiddleValueWhateverTheOrder() {
    assertThat(Stats.median(List.of(7.0))).isEqualTo(7.0);
    assertThat(Stats.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Stats.median(List.of(10.0, -5.0, 4.0, 4.0, 100.0))).isEqualTo(4.0);
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheTwoMiddleValues() {
    assertThat(Stats.median(List.of(1.0, 2.0))).isEqualTo(1.5);
    assertThat(Stats.median(List.of(4.0, 1.0, 3.0, 2.0))).isEqualTo(2.5);
    assertThat(Stats.median(List.of(5.0, 5.0, 9.0, 1.0))).isEqualTo(5.0);
  }

  @Test
  void nonFiniteAndMissingValuesAreLeftOut() {
    assertThat(Stats.median(Arrays.asList(1.0, null, Double.NaN, 3.0))).isEqualTo(2.0);
    assertThat(Stats.percentile(Arrays.asList(Double.NEGATIVE_INFINITY, 4.0), 90)).isEqualTo(4.0);
  }

  @Test
  void everyPermutationOfASampleHasTheSameMedianAndP90() {
    List<Double> values = new ArrayList<>(List.of(8.0, 1.0, 6.0, 3.0, 9.0, 2.0));
    for (int i = 0; i < 50; i++) {
      Collections.shuffle(values, new java.util.Random(i));
      assertThat(Stats.median(values)).isEqualTo(4.5);
      assertThat(Stats.percentile(values, 90)).isEqualTo(9.0);
    }
  }

  /** Nearest rank: the ceil(p·n)-th smallest of 10, 20, …, 100. */
  @ParameterizedTest
  @CsvSource({
    "1, 10",
    "10, 10",
    "10.1, 20",
    "50, 50",
    "89.9, 90",
    "90, 90",
    "90.1, 100",
    "99, 100",
    "100, 100"
  })
  void percentileIsTheNearestRankNeverInterpolated(double percent, double expected) {
    List<Double> values = IntStream.rangeClosed(1, 10).mapToObj(i -> i * 10.0).toList();
    assertThat(Stats.percentile(values, percent)).isEqualTo(expected);
  }

  @Test
  void p90OfSmallSamples() {
    assertThat(Stats.percentile(List.of(), 90)).isNull();
    assertThat(Stats.percentile(List.of(5.0), 90)).isEqualTo(5.0);
    assertThat(Stats.percentile(List.of(5.0, 1.0), 90)).isEqualTo(5.0);
    // ceil(0.9 * 11) = 10: the 10th of 11
    List<Double> eleven = IntStream.rangeClosed(1, 11).mapToObj(i -> (double) i).toList();
    assertThat(Stats.percentile(eleven, 90)).isEqualTo(10.0);
  }

  @Test
  void percentileOutsideItsDomainIsAProgrammingError() {
    assertThatThrownBy(() -> Stats.percentile(List.of(1.0), 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.percentile(List.of(1.0), 100.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.percentile(List.of(1.0), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void roundingIsHalfUpAndKeepsNull() {
    assertThat(Stats.round(null, 1)).isNull();
    assertThat(Stats.round(2.25, 1)).isEqualTo(2.3);
    assertThat(Stats.round(2.24999, 1)).isEqualTo(2.2);
    assertThat(Stats.round(-2.25, 1)).isEqualTo(-2.3);
    assertThat(Stats.round(0.0068611, 4)).isEqualTo(0.0069);
    assertThat(Stats.round(120.0, 1)).isEqualTo(120.0);
  }
}
