package com.coachtrack.activities.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The position of an engine that says nothing while it works: pure arithmetic on a test clock. */
class ChunkPositionsTest {
  private final AtomicLong nanos = new AtomicLong();

  private void advance(double seconds) {
    nanos.addAndGet((long) (seconds * 1e9));
  }

  @Test
  void anEngineThatReadsAsItRecognisesTellsNothingAndTheStreamIsTheMeasure() {
    ChunkPositions positions = new ChunkPositions(Double.NaN, 0.2, nanos::get);
    assertThat(positions.position()).isNaN();
    assertThat(positions.waiting()).isFalse();
  }

  @Test
  void whileWaitingThePositionMovesOnTheLearnedPaceAndStopsAtNinetyPercent() {
    // 0.5 wall seconds per audio second: a 30 s chunk takes 15 s.
    ChunkPositions positions = new ChunkPositions(100.0, 0.5, nanos::get);
    assertThat(positions.position()).as("before the engine says anything").isEqualTo(100.0);

    positions.waiting(100.0, 130.0);
    assertThat(positions.waiting()).isTrue();
    assertThat(positions.position()).isEqualTo(100.0);
    advance(5);
    assertThat(positions.position()).isCloseTo(110.0, within(1e-9));
    advance(8);
    assertThat(positions.position()).isCloseTo(126.0, within(1e-9));
    advance(60);
    assertThat(positions.position()).as("never past 90 %").isCloseTo(127.0, within(1e-9));

    positions.reached(130.0);
    assertThat(positions.waiting()).isFalse();
    assertThat(positions.position()).as("snaps to the truth").isEqualTo(130.0);
  }

  @Test
  void aSecondWaitStartsFromWhereTheFirstEnded() {
    ChunkPositions positions = new ChunkPositions(0.0, 1.0, nanos::get);
    positions.waiting(0.0, 10.0);
    advance(4);
    positions.reached(4.2);
    positions.waiting(4.2, 10.0);
    assertThat(positions.position()).isCloseTo(4.2, within(1e-9));
    advance(1);
    assertThat(positions.position()).isCloseTo(5.2, within(1e-9));
  }

  @Test
  void thePositionNeverGoesBack() {
    ChunkPositions positions = new ChunkPositions(0.0, 1.0, nanos::get);
    positions.reached(8.0);
    positions.waiting(2.0, 10.0);
    assertThat(positions.position()).isEqualTo(8.0);
    positions.reached(5.0);
    assertThat(positions.position()).isEqualTo(8.0);
  }

  @Test
  void anAbsurdPaceMovesNothing() {
    assertThat(ChunkPositions.estimate(10, 20, 5, 0)).isEqualTo(10.0);
    assertThat(ChunkPositions.estimate(10, 20, 5, Double.NaN)).isEqualTo(10.0);
    assertThat(ChunkPositions.estimate(10, 20, -1, 1)).isEqualTo(10.0);
    assertThat(ChunkPositions.estimate(10, 5, 3, 1)).isEqualTo(10.0);
  }
}
