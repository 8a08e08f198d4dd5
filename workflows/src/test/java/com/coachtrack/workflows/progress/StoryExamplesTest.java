package com.coachtrack.workflows.progress;

import static com.coachtrack.workflows.status.SessionStatus.COMPLETED;
import static com.coachtrack.workflows.status.SessionStatus.FAILED;
import static com.coachtrack.workflows.status.SessionStatus.PROCESSING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.coachtrack.workflows.status.SessionStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** US005 "Specification by Example", where the examples concern the arithmetic. */
class StoryExamplesTest {

  private static final Instant T0 = Instant.parse("2025-01-09T10:00:00Z");
  private static final double HOUR = 3600;

  private static ProgressEstimate at(Instant now, ProgressInput in) {
    return new ProgressEstimator(Clock.fixed(now, ZoneOffset.UTC)).estimate(in);
  }

  private static ProgressInput session(
      SessionStatus status, double total, double processed, Instant lastProgressAt, double floor) {
    return ProgressInputs.of(
        total, processed, T0, 0, lastProgressAt, null, 4.0, 0, floor, status, 0);
  }

  /** Example 1: 60-minute file, 4× estimate, checked after 30 minutes. */
  @ParameterizedTest(name = "last progress {0} s before the check")
  @MethodSource("secondsSinceLastReport")
  void example1_progressUpdates(long sinceReport) {
    Instant now = T0.plus(Duration.ofMinutes(30));
    // At exactly 4× real time, 30 minutes of work transcribed 7.5 minutes of audio.
    ProgressInput base =
        session(PROCESSING, HOUR, 450 - sinceReport / 4.0, now.minusSeconds(sinceReport), 0);
    // The worker reports every 2 s while it works, whether or not the position moved.
    ProgressInput in =
        ProgressInputs.of(
            base.durationTotalSeconds(),
            base.durationProcessedSeconds(),
            base.processingStartedAt(),
            base.activeSecondsBefore(),
            base.lastProgressAt(),
            now.minusSeconds(1),
            base.priorSecondsPerAudioSecond(),
            base.priorSamples(),
            base.progressFloor(),
            base.status(),
            base.queuedAudioSecondsAhead());

    ProgressEstimate e = at(now, in);

    assertThat(e.progress()).isBetween(12.0, 15.0);
    assertThat(e.remaining().toMinutes()).isBetween(209L, 210L);
    assertThat(e.message()).isEqualTo("About 3.5 hours left");
    assertThat(e.estimatedCompletion()).isBetween(T0.plusSeconds(14_340), T0.plusSeconds(14_400));
    assertThat(e.secondsPerAudioSecond()).isCloseTo(4.0, within(0.01));
    assertThat(e.stalled()).isFalse();
    assertThat(e.almostDone()).isFalse();
  }

  static Stream<Long> secondsSinceLastReport() {
    return Stream.of(0L, 5L, 10L);
  }

  @Test
  void example1_theStorysFormulaAgreesWhenTheEngineRunsAtExactlyFourTimes() {
    Instant now = T0.plus(Duration.ofMinutes(30));
    ProgressEstimate e = at(now, session(PROCESSING, HOUR, 450, now, 0));

    assertThat(e.progress()).isEqualTo(12.5);
    assertThat(StoryFormula.progress(450, HOUR, 1800)).isEqualTo(12.5);
    assertThat(e.remaining()).isEqualTo(Duration.ofMinutes(210));
  }

  @Test
  void example1_beforeAnyNumbersExistTheMessageIsProcessingAudio() {
    ProgressInput justSwitched =
        ProgressInputs.of(HOUR, 0, null, 0, null, null, 4.0, 0, 0, PROCESSING, 0);

    ProgressEstimate e = at(T0, justSwitched);

    assertThat(e.message()).isEqualTo("Processing audio...");
    assertThat(e.progress()).isZero();
    assertThat(e.estimatedCompletion()).isNull();
  }

  /**
   * Example 2: a session polled every 5 s while a worker reports every 10 s, with the engine's
   * speed wobbling ±25 % from chunk to chunk and the prior off by up to 13×. The coach's bar never
   * goes backwards, keeps moving, stops short of 100 until the transcript is stored, and the ETA
   * converges to the real finish.
   */
  @ParameterizedTest(name = "true speed {0}×, prior {1}×")
  @MethodSource("speeds")
  void example2_realTimePolling(double trueSpeed, double prior) {
    double total = 1800;
    double processed = 0;
    Instant lastProgressAt = null;
    // The caller persists what was shown and passes it back as the floor, as in production.
    double floor = 0;
    double shownThirtySecondsAgo = 0;
    int second = 0;
    Instant finish = null;
    List<Instant> etas = new ArrayList<>();
    while (processed < total) {
      second += 5;
      Instant now = T0.plusSeconds(second);
      if (second % 10 == 0) {
        // Deterministic wobble: chunks alternate between 25 % slower and 25 % faster.
        double speed = trueSpeed * ((second / 60) % 2 == 0 ? 1.25 : 0.75);
        processed = Math.min(total, processed + 10 / speed);
        lastProgressAt = now;
        if (processed == total) {
          finish = now;
          break;
        }
      }
      ProgressInput in =
          ProgressInputs.of(
              total, processed, T0, 0, lastProgressAt, null, prior, 0, floor, PROCESSING, 0);
      ProgressEstimate e = at(now, in);
      assertThat(e.progress()).isGreaterThanOrEqualTo(floor).isLessThanOrEqualTo(99.0);
      if (second % 30 == 0 && shownThirtySecondsAgo < 99) {
        assertThat(e.progress()).isGreaterThan(shownThirtySecondsAgo);
        shownThirtySecondsAgo = e.progress();
      }
      etas.add(e.estimatedCompletion());
      floor = e.progress();
    }

    ProgressInput stored =
        ProgressInputs.of(total, total, T0, 0, finish, null, prior, 0, floor, COMPLETED, 0);
    ProgressEstimate done = at(finish, stored);
    assertThat(done.progress()).isEqualTo(100.0);
    // In the second half of the job the ETA is off by at most 15 % of the job's length.
    double jobSeconds = Duration.between(T0, finish).getSeconds();
    for (Instant eta : etas.subList(etas.size() / 2, etas.size())) {
      assertThat((double) Math.abs(Duration.between(eta, finish).getSeconds()))
          .isLessThanOrEqualTo(0.15 * jobSeconds);
    }
  }

  static Stream<Arguments> speeds() {
    return Stream.of(
        Arguments.of(4.0, 4.0),
        Arguments.of(0.3, 4.0),
        Arguments.of(4.0, 0.3),
        Arguments.of(1.0, 1.0),
        Arguments.of(0.3, 0.3));
  }

  /** Example 3: at 95 %, processing completes. */
  @Test
  void example3_successfulCompletion() {
    Instant now = T0.plus(Duration.ofMinutes(228));
    ProgressEstimate before = at(now, session(PROCESSING, HOUR, 0.95 * HOUR, now, 0));
    assertThat(before.progress()).isCloseTo(95.0, within(0.5));
    assertThat(before.almostDone()).isTrue();
    assertThat(before.message()).isEqualTo("Almost done");

    Instant later = now.plus(Duration.ofMinutes(12));
    ProgressEstimate after = at(later, session(COMPLETED, HOUR, HOUR, later, before.progress()));

    assertThat(after.progress()).isEqualTo(100.0);
    assertThat(after.message()).isEqualTo("Transcription complete!");
    assertThat(after.remaining()).isEqualTo(Duration.ZERO);
    assertThat(after.estimatedCompletion()).isNull();
    assertThat(after.almostDone()).isFalse();
  }

  /** Example 4: fails after 20 minutes; the bar stays where it stopped. */
  @Test
  void example4_errorHandling() {
    Instant failedAt = T0.plus(Duration.ofMinutes(20));
    ProgressEstimate lastShown = at(failedAt, session(PROCESSING, HOUR, 300, failedAt, 0));
    assertThat(lastShown.progress()).isGreaterThan(0);

    ProgressEstimate failed =
        at(
            failedAt.plus(Duration.ofMinutes(3)),
            session(FAILED, HOUR, 300, failedAt, lastShown.progress()));

    assertThat(failed.progress()).isEqualTo(lastShown.progress());
    assertThat(failed.message()).isEqualTo("Processing failed. Please try again.");
    assertThat(failed.estimatedCompletion()).isNull();
    assertThat(failed.remaining()).isNull();
    assertThat(failed.stalled()).isFalse();
  }

  /** Example 5: a refresh at 40 % shows at least 40 % and a recalculated ETA. */
  @Test
  void example5_sessionPersistence() {
    Instant now = T0.plus(Duration.ofMinutes(90));
    // The numbers alone now say less than 40 % (the engine slowed down): the floor holds.
    ProgressInput in = session(PROCESSING, HOUR, 900, now, 40.0);
    assertThat(at(now, session(PROCESSING, HOUR, 900, now, 0)).progress()).isLessThan(40.0);

    ProgressEstimate refreshed = at(now, in);

    assertThat(refreshed.progress()).isEqualTo(40.0);
    assertThat(refreshed.estimatedCompletion()).isAfter(now);
    // Nothing is lost across refreshes: the same stored numbers give the same answer.
    assertThat(at(now, in)).isEqualTo(refreshed);
  }

  /** Example 6: three sessions running at once each have their own progress and ETA. */
  @Test
  void example6_multipleSessions() {
    Instant now = T0.plus(Duration.ofMinutes(20));
    double[] lengths = {20 * 60, 60 * 60, 120 * 60};
    List<ProgressEstimate> shown = new ArrayList<>();
    for (double length : lengths) {
      shown.add(at(now, session(PROCESSING, length, 300, now, 0)));
    }

    assertThat(shown).extracting(ProgressEstimate::estimatedCompletion).doesNotHaveDuplicates();
    assertThat(shown.get(0).estimatedCompletion()).isBefore(shown.get(1).estimatedCompletion());
    assertThat(shown.get(1).estimatedCompletion()).isBefore(shown.get(2).estimatedCompletion());
    assertThat(shown.get(0).progress()).isGreaterThan(shown.get(1).progress());
    assertThat(shown.get(1).progress()).isGreaterThan(shown.get(2).progress());
    // Estimating the others does not change the first: no shared state between sessions.
    assertThat(at(now, session(PROCESSING, lengths[0], 300, now, 0))).isEqualTo(shown.get(0));
  }
}
