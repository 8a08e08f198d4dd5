package com.coachtrack.activities.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.activities.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HungEnginesTest {
  private static final Instant T0 = Instant.parse("2025-03-04T10:00:00Z");

  private final SettableClock clock = new SettableClock(T0);
  private final HungEngines hungEngines = new HungEngines(clock);

  @Test
  void nothingToReportUntilAnEngineHangs() {
    assertThat(hungEngines.recent()).isEmpty();
    assertThat(hungEngines.problem()).isEmpty();
  }

  @Test
  void aHangIsReportedWithItsEngineAndChunkForTenMinutes() {
    hungEngines.record("pocketsphinx", "s-1", 3);

    assertThat(hungEngines.recent()).containsExactly(new HungEngine("pocketsphinx", "s-1", 3, T0));
    assertThat(hungEngines.problem())
        .contains(
            "engine pocketsphinx hung on chunk 3 of session s-1 and was stopped at"
                + " 2025-03-04T10:00:00Z");

    clock.advance(HungEngines.REPORTED_FOR.minusSeconds(1));
    assertThat(hungEngines.problem()).isPresent();

    clock.advance(Duration.ofSeconds(2));
    assertThat(hungEngines.problem()).isEmpty();
    assertThat(hungEngines.recent()).isEmpty();
  }

  @Test
  void repeatedHangsNameTheLatestAndCountThemAll() {
    hungEngines.record("pocketsphinx", "s-1", 3);
    clock.advance(Duration.ofMinutes(4));
    hungEngines.record("pocketsphinx", "s-1", 3);
    clock.advance(Duration.ofMinutes(4));
    hungEngines.record("sphinx4", "s-2", 0);

    assertThat(hungEngines.problem())
        .hasValueSatisfying(
            problem ->
                assertThat(problem)
                    .startsWith("engine sphinx4 hung on chunk 0 of session s-2")
                    .endsWith("(3 hangs in the last 10 minutes)"));

    clock.advance(Duration.ofMinutes(3));
    assertThat(hungEngines.recent()).hasSize(2);
  }
}
