package com.coachtrack.service.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coachtrack.service.errors.ApiException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudioLengthLimitTest {
  private final AudioLengthLimit fourHours = new AudioLengthLimit(Duration.ofHours(4));

  @Test
  void exactlyTheLimitIsAccepted() {
    assertThatCode(() -> fourHours.check(4 * 3600.0)).doesNotThrowAnyException();
  }

  @Test
  void justOverTheLimitIs422TooLongNamingBoth() {
    assertThatThrownBy(() -> fourHours.check(4 * 3600.2))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(422);
              assertThat(e.code()).isEqualTo("too_long");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "The recording is 4:00:01 long; recordings up to 4 hours can be"
                          + " transcribed. Split the recording into parts and upload each one.");
            });
  }

  @ParameterizedTest
  @CsvSource({
    "PT4H, 4 hours",
    "PT1H, 1 hour",
    "PT1H30M, 1 h 30 min",
    "PT45M, 45 minutes",
    "PT1M, 1 minute",
    "PT2M30S, 2 min 30 s",
    "PT18S, 18 seconds",
    "PT1S, 1 second"
  })
  void limitsReadAsWords(Duration limit, String words) {
    assertThat(AudioLengthLimit.describe(limit)).isEqualTo(words);
  }

  @ParameterizedTest
  @CsvSource({"24.7, 0:25", "725, 12:05", "14430, 4:00:30", "3599.01, 1:00:00"})
  void lengthsReadAsOnAPlayer(double seconds, String clock) {
    assertThat(AudioLengthLimit.clock(seconds)).isEqualTo(clock);
  }
}
