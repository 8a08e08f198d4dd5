package com.coachtrack.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private static StatusUpdate update(String status, double progress, String message) {
    return new StatusUpdate(status, progress, message, false, null, 1, 5000L, null, null, null);
  }

  @Test
  void rendersBarPercentMessageAndState() {
    String line = ProgressLine.render(update("processing", 42.3, "About 4 minutes left"), true, 0);
    assertThat(line).isEqualTo("[████████░░░░░░░░░░░░]  42.3 %  About 4 minutes left  processing");
  }

  @Test
  void asciiFallbackUsesHashAndDash() {
    String line = ProgressLine.render(update("processing", 50, "About 1 minute left"), false, 0);
    assertThat(line).isEqualTo("[##########----------]  50.0 %  About 1 minute left  processing");
    assertThat(line).doesNotContain("█").doesNotContain("░");
  }

  @Test
  void finishedShowsAFullBarAndOneHundredPercent() {
    assertThat(ProgressLine.render(update("completed", 100, "Transcription complete!"), false, 0))
        .isEqualTo("[####################] 100.0 %  Transcription complete!  completed");
  }

  @Test
  void neverLooksFinishedBeforeItIs() {
    assertThat(ProgressLine.percent(99.96)).isEqualTo(" 99.9 %");
    assertThat(ProgressLine.bar(99.9, 20, false)).isEqualTo("[###################-]");
    assertThat(ProgressLine.bar(4.9, 20, false)).isEqualTo("[--------------------]");
    assertThat(ProgressLine.bar(5, 20, false)).isEqualTo("[#-------------------]");
  }

  @Test
  void outOfRangeValuesAreClamped() {
    assertThat(ProgressLine.bar(-3, 4, false)).isEqualTo("[----]");
    assertThat(ProgressLine.bar(140, 4, false)).isEqualTo("[####]");
    assertThat(ProgressLine.bar(Double.NaN, 4, false)).isEqualTo("[----]");
    assertThat(ProgressLine.percent(140)).isEqualTo("100.0 %");
  }

  @Test
  void stalledAndSlowRunsSaySoAtTheEnd() {
    StatusUpdate stalled =
        new StatusUpdate(
            "processing",
            10,
            "No progress for 6 minutes.",
            true,
            "stalled",
            1,
            5000L,
            null,
            null,
            null);
    StatusUpdate slow =
        new StatusUpdate(
            "processing", 10, "About 9 minutes left", false, "slow", 1, 5000L, null, null, null);
    assertThat(ProgressLine.render(stalled, false, 0))
        .endsWith("No progress for 6 minutes.  processing, stalled");
    assertThat(ProgressLine.render(slow, false, 0))
        .endsWith("About 9 minutes left  processing, slower than usual");
  }

  @Test
  void missingMessageAndStatusStillRender() {
    assertThat(ProgressLine.render(update(null, 0, null), false, 0))
        .isEqualTo("[--------------------]   0.0 %  unknown");
    assertThat(ProgressLine.render(update("pending", 0, "  "), false, 0))
        .isEqualTo("[--------------------]   0.0 %  pending");
  }

  @Test
  void longLinesAreCutToTheTerminalWidth() {
    StatusUpdate update =
        update(
            "processing",
            12,
            "No progress for 6 minutes. We are retrying automatically; you don't need to re-upload.");
    String unicode = ProgressLine.render(update, true, 60);
    assertThat(unicode).hasSize(60).endsWith("…");
    String ascii = ProgressLine.render(update, false, 60);
    assertThat(ascii).hasSize(60).endsWith("...");
    assertThat(ProgressLine.fit("abcdef", 2, false)).isEqualTo("ab");
    assertThat(ProgressLine.fit("abc", 3, true)).isEqualTo("abc");
  }

  @Test
  void uploadLineShowsBytesSentOfTotal() {
    assertThat(ProgressLine.upload(512 * 1024, 1024 * 1024, false, 0))
        .isEqualTo("[##########----------]  50.0 %  Uploading  512 KB of 1.0 MB");
    assertThat(ProgressLine.upload(0, 0, false, 0)).startsWith("[####################] 100.0 %");
  }

  @Test
  void sizesReadLikeAFileManager() {
    assertThat(ProgressLine.size(900)).isEqualTo("900 B");
    assertThat(ProgressLine.size(791_404)).isEqualTo("773 KB");
    assertThat(ProgressLine.size(12_900_000)).isEqualTo("12.3 MB");
    assertThat(ProgressLine.size(3L * 1024 * 1024 * 1024)).isEqualTo("3.0 GB");
  }

  @Test
  void statusIsReadFromTheApiAnswer() throws Exception {
    StatusUpdate update =
        StatusUpdate.from(
            new ObjectMapper()
                .readTree(
                    "{\"status\":\"failed\",\"progress\":37.5,\"message\":\"We found no speech in this recording.\","
                        + "\"stalled\":false,\"pace\":null,\"attempt\":2,"
                        + "\"error\":{\"code\":\"no_speech\",\"message\":\"We found no speech.\","
                        + "\"next_steps\":\"Check the microphone.\"}}"));
    assertThat(update.isFinal()).isTrue();
    assertThat(update.pollAfterMs()).isNull();
    assertThat(update.attempt()).isEqualTo(2);
    assertThat(update.errorCode()).isEqualTo("no_speech");
    assertThat(update.nextSteps()).isEqualTo("Check the microphone.");
    assertThat(
            StatusUpdate.from(
                new ObjectMapper().readTree("{\"status\":\"processing\",\"poll_after_ms\":5000}")))
        .satisfies(
            u -> {
              assertThat(u.isFinal()).isFalse();
              assertThat(u.pollAfterMs()).isEqualTo(5000L);
              assertThat(u.errorMessage()).isNull();
            });
  }
}
