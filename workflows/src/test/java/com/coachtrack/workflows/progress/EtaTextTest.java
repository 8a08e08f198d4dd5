package com.coachtrack.workflows.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EtaTextTest {

  @ParameterizedTest(name = "{0} s -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0     | Less than a minute left",
        "59    | Less than a minute left",
        "60    | About 1 minute left",
        "89    | About 1 minute left",
        "90    | About 2 minutes left",
        "240   | About 4 minutes left",
        "5340  | About 89 minutes left",
        "5399  | About 89 minutes left",
        "5400  | About 1.5 hours left",
        "7200  | About 2 hours left",
        "11640 | About 3 hours left",
        "12000 | About 3.5 hours left",
        "12600 | About 3.5 hours left",
        "36000 | About 10 hours left",
      })
  void remainingTimeIsRoundedToWhatACoachPlansWith(long seconds, String expected) {
    assertThat(EtaText.remaining(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} s ahead -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0     | Waiting to start — yours is next",
        "59    | Waiting to start — yours is next",
        "60    | Waiting to start — about 1 minute of work ahead",
        "1200  | Waiting to start — about 20 minutes of work ahead",
        "14400 | Waiting to start — about 4 hours of work ahead",
      })
  void pendingTellsHowMuchWorkIsAhead(long seconds, String expected) {
    assertThat(EtaText.pending(Duration.ofSeconds(seconds))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} s -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "30   | No progress for less than a minute.",
        "300  | No progress for 5 minutes.",
        "360  | No progress for 6 minutes.",
        "7200 | No progress for 2 hours.",
      })
  void stalledSaysWhatHappensAndWhatWillHappen(long seconds, String start) {
    assertThat(EtaText.stalled(Duration.ofSeconds(seconds)))
        .isEqualTo(start + " We are retrying automatically; you don't need to re-upload.");
  }

  @Test
  void fixedMessagesUseTheStorysWords() {
    assertThat(EtaText.PROCESSING).isEqualTo("Processing audio...");
    assertThat(EtaText.COMPLETED).isEqualTo("Transcription complete!");
    assertThat(EtaText.FAILED).isEqualTo("Processing failed. Please try again.");
    assertThat(EtaText.ALMOST_DONE).isEqualTo("Almost done");
    assertThat(EtaText.CANCELLED).isEqualTo("Cancelled");
  }
}
