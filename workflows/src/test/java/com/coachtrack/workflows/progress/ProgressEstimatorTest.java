package com.coachtrack.workflows.progress;

import static com.coachtrack.workflows.status.SessionStatus.CANCELLED;
import static com.coachtrack.workflows.status.SessionStatus.COMPLETED;
import static com.coachtrack.workflows.status.SessionStatus.FAILED;
import static com.coachtrack.workflows.status.SessionStatus.PENDING;
import static com.coachtrack.workflows.status.SessionStatus.PROCESSING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.coachtrack.workflows.status.SessionStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProgressEstimatorTest {

  private static final Instant T0 = Instant.parse("2025-01-09T10:00:00Z");
  private static final double HOUR = 3600;

  private static ProgressEstimate at(Instant now, ProgressInput in) {
    return new ProgressEstimator(Clock.fixed(now, ZoneOffset.UTC)).estimate(in);
  }

  /** A first attempt that started at T0 on an engine with the given prior. */
  private static ProgressInput running(
      double total, double processed, Instant lastProgressAt, double prior, double floor) {
    return ProgressInputs.of(
        total, processed, T0, 0, lastProgressAt, null, prior, 0, floor, PROCESSING, 0);
  }

  /** The same session with a worker that last reported at {@code seen}. */
  private static ProgressInput seenAt(ProgressInput in, Instant seen) {
    return ProgressInputs.of(
        in.durationTotalSeconds(),
        in.durationProcessedSeconds(),
        in.processingStartedAt(),
        in.activeSecondsBefore(),
        in.lastProgressAt(),
        seen,
        in.priorSecondsPerAudioSecond(),
        in.priorSamples(),
        in.progressFloor(),
        in.status(),
        in.queuedAudioSecondsAhead());
  }

  private static ProgressInput withStatus(SessionStatus status, double floor) {
    return ProgressInputs.of(
        HOUR, 900, T0, 0, T0.plusSeconds(3600), null, 4.0, 0, floor, status, 0);
  }

  // --- stall detection -------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} s without progress -> stalled={1}")
  @CsvSource({"0, false", "299, false", "300, true", "360, true"})
  void stallIsDeclaredAfterExactlyFiveMinutesWithoutProgress(long silent, boolean stalled) {
    Instant lastProgress = T0.plus(Duration.ofMinutes(30));
    Instant now = lastProgress.plusSeconds(silent);
    // The worker still reports in: the position is stuck, the worker is not gone.
    ProgressInput in = seenAt(running(HOUR, 450, lastProgress, 4, 0), now.minusSeconds(2));

    ProgressEstimate e = at(now, in);

    assertThat(e.stalled()).isEqualTo(stalled);
    assertThat(e.pace()).isEqualTo(stalled ? Pace.STALLED : Pace.ON_TRACK);
    if (stalled) {
      assertThat(e.message())
          .startsWith("No progress for " + Math.round(silent / 60.0) + " minutes.")
          .contains("retrying automatically");
      // The ETA is still shown, but honestly: it runs from now and slips while nothing moves.
      assertThat(e.estimatedCompletion()).isAfter(lastProgress.plusSeconds(silent));
    } else {
      assertThat(e.message()).startsWith("About ");
    }
  }

  @Test
  void aSessionThatNeverReportedStallsFromItsStart() {
    ProgressInput silent = running(HOUR, 0, null, 4, 0);

    assertThat(at(T0.plusSeconds(299), silent).stalled()).isFalse();
    assertThat(at(T0.plusSeconds(300), silent).stalled()).isTrue();
  }

  @Test
  void theStallThresholdIsConfigurable() {
    Clock at120 = Clock.fixed(T0.plusSeconds(120), ZoneOffset.UTC);
    ProgressEstimator twoMinutes = new ProgressEstimator(at120, Duration.ofMinutes(2));

    assertThat(twoMinutes.estimate(running(HOUR, 0, null, 4, 0)).stalled()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1})
  void aNonPositiveStallThresholdIsRejected(long seconds) {
    assertThatThrownBy(() -> new ProgressEstimator(Clock.systemUTC(), Duration.ofSeconds(seconds)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theOneArgumentConstructorStallsAfterFiveMinutes() {
    ProgressInput silent = running(HOUR, 0, null, 4, 0);
    Clock at300 = Clock.fixed(T0.plusSeconds(300), ZoneOffset.UTC);

    assertThat(new ProgressEstimator(at300).estimate(silent).stalled()).isTrue();
    assertThat(ProgressEstimator.DEFAULT_STALL_AFTER).isEqualTo(Duration.ofMinutes(5));
  }

  // --- flaw 2: the time term freezes ----------------------------------------------------------

  @Test
  void withAWorkerReportingButTheAudioStandingStillTheBarHoldsAndTheEtaFreezesAfterThirtySeconds() {
    Instant lastProgress = T0.plus(Duration.ofMinutes(30));
    ProgressInput stuck = running(HOUR, 450, lastProgress, 4, 0);
    // The worker keeps reporting that it is alive; only the audio position stands still.
    ProgressEstimate atReport = at(lastProgress, stuck);
    ProgressEstimate at10s =
        at(lastProgress.plusSeconds(10), seenAt(stuck, lastProgress.plusSeconds(9)));
    ProgressEstimate at30s =
        at(lastProgress.plusSeconds(30), seenAt(stuck, lastProgress.plusSeconds(29)));
    ProgressEstimate at4min =
        at(lastProgress.plus(Duration.ofMinutes(4)), seenAt(stuck, lastProgress.plusSeconds(239)));
    ProgressEstimate at2h =
        at(lastProgress.plus(Duration.ofHours(2)), seenAt(stuck, lastProgress.plusSeconds(7199)));

    // The bar shows the audio reported done (12.5 %), not time passing.
    assertThat(atReport.progress()).isEqualTo(12.5);
    assertThat(List.of(at10s, at30s, at4min, at2h))
        .allSatisfy(e -> assertThat(e.progress()).isEqualTo(12.5));
    // The remaining time counts down while the worker is believed to work, then stops.
    assertThat(at10s.remaining()).isLessThan(atReport.remaining());
    assertThat(at30s.remaining()).isLessThan(at10s.remaining());
    assertThat(at2h.remaining()).isEqualTo(at30s.remaining());
    // The story's formula would have climbed by 15 points over the same two hours.
    assertThat(StoryFormula.progress(450, HOUR, 1800 + 7230)).isGreaterThan(at2h.progress() + 14);
  }

  @Test
  void withNoWorkerReportingNothingIsExtrapolatedPastTwoReportIntervals() {
    Instant lastReport = T0.plus(Duration.ofMinutes(30));
    ProgressInput lost = seenAt(running(HOUR, 450, lastReport, 0.5, 0), lastReport);

    ProgressEstimate at4s = at(lastReport.plusSeconds(4), lost);
    ProgressEstimate at10s = at(lastReport.plusSeconds(10), lost);
    ProgressEstimate at10min = at(lastReport.plus(Duration.ofMinutes(10)), lost);

    assertThat(at10s.progress()).isEqualTo(at4s.progress());
    assertThat(at10min.progress()).isEqualTo(at4s.progress());
    assertThat(at10min.remaining()).isEqualTo(at4s.remaining());
    assertThat(at10min.pace()).isEqualTo(Pace.WORKER_LOST);
    // The finish moves out with the outage instead of lying in the past.
    assertThat(at10min.estimatedCompletion()).isAfter(lastReport.plus(Duration.ofMinutes(10)));
    assertThat(at10min.estimatedCompletion())
        .isEqualTo(at4s.estimatedCompletion().plus(Duration.ofMinutes(10)).minusSeconds(4));
  }

  @Test
  void theFloorToPersistIsTheProgressAtTheLastReportWithNothingExtrapolated() {
    Instant lastReport = T0.plus(Duration.ofMinutes(30));
    ProgressInput in = seenAt(running(HOUR, 450, lastReport, 0.5, 0), lastReport.plusSeconds(8));
    ProgressEstimator later =
        new ProgressEstimator(Clock.fixed(lastReport.plusSeconds(9), ZoneOffset.UTC));

    assertThat(later.progressAtLastReport(in)).isEqualTo(at(lastReport, in).progress());
    // Nothing shown is extrapolated either: the bar never passes the reported audio.
    assertThat(later.estimate(in).progress()).isEqualTo(later.progressAtLastReport(in));
    assertThat(later.progressAtLastReport(withStatus(FAILED, 37.5))).isEqualTo(37.5);
  }

  @Test
  void workResumingAfterAnOutageIsOnTrackAgain() {
    // At the learned 4x: 30 minutes of work transcribed 450 s of audio.
    Instant lastReport = T0.plus(Duration.ofMinutes(30));
    ProgressInput lost = seenAt(running(HOUR, 450, lastReport, 4, 0), lastReport);
    assertThat(at(lastReport.plusSeconds(60), lost).pace()).isEqualTo(Pace.WORKER_LOST);

    // A new worker resumes and reports progress again.
    Instant resumed = lastReport.plusSeconds(90);
    ProgressInput moving = seenAt(running(HOUR, 473, resumed, 4, 0), resumed);
    assertThat(at(resumed.plusSeconds(1), moving).pace()).isEqualTo(Pace.ON_TRACK);
  }

  /** The same session with none of its chunks running: its next ones wait for an engine. */
  private static ProgressInput noChunkRunning(ProgressInput in) {
    return new ProgressInput(
        in.durationTotalSeconds(),
        in.durationProcessedSeconds(),
        in.processingStartedAt(),
        in.activeSecondsBefore(),
        in.lastProgressAt(),
        in.workerSeenAt(),
        in.priorSecondsPerAudioSecond(),
        in.priorSamples(),
        in.progressFloor(),
        in.status(),
        in.queuedAudioSecondsAhead(),
        false,
        false);
  }

  @ParameterizedTest(name = "silent for {0} s with no chunk running")
  @ValueSource(longs = {5, 20, 90, 400})
  void aSessionWaitingForAnEngineIsNeitherLostNorStalled(long silent) {
    Instant lastReport = T0.plus(Duration.ofMinutes(30));
    ProgressInput waiting =
        noChunkRunning(seenAt(running(HOUR, 450, lastReport, 4, 0), lastReport));

    ProgressEstimate e = at(lastReport.plusSeconds(silent), waiting);

    assertThat(e.pace()).isEqualTo(Pace.WAITING);
    assertThat(e.stalled()).isFalse();
    assertThat(e.message()).startsWith("Waiting for a free engine").endsWith("left");
    // The bar holds still: nothing is transcribed while it waits.
    assertThat(e.progress()).isEqualTo(at(lastReport.plusSeconds(4), waiting).progress());
    // The same silence with a chunk running is a lost worker.
    ProgressEstimate lost = at(lastReport.plusSeconds(silent), seenAt(waiting, lastReport));
    assertThat(lost.pace())
        .isEqualTo(
            silent >= 20
                ? Pace.WORKER_LOST
                : at(lastReport.plusSeconds(silent), running(HOUR, 450, lastReport, 4, 0)).pace());
  }

  @Test
  void betweenTwoChunksASessionIsOnTrackNotWaiting() {
    Instant lastReport = T0.plus(Duration.ofMinutes(30));
    ProgressInput between =
        noChunkRunning(seenAt(running(HOUR, 450, lastReport, 4, 0), lastReport));

    assertThat(at(lastReport.plusSeconds(3), between).pace()).isEqualTo(Pace.ON_TRACK);
  }

  // --- flaws 3 and 4: learned prior, ETA follows the real speed --------------------------------

  @Test
  void aLearnedFastPriorGivesAMuchShorterEtaThanTheDefault() {
    ProgressInput pocketsphinx = running(HOUR, 0, null, 0.3, 0);
    ProgressInput unknownEngine = running(HOUR, 0, null, Double.NaN, 0);

    ProgressEstimate fast = at(T0, pocketsphinx);
    ProgressEstimate slow = at(T0, unknownEngine);

    assertThat(fast.remaining()).isEqualTo(Duration.ofMinutes(18));
    assertThat(slow.remaining()).isEqualTo(Duration.ofHours(4));
    assertThat(slow.secondsPerAudioSecond()).isEqualTo(SpeedPrior.DEFAULT);
  }

  @ParameterizedTest(name = "prior {0}×, real {1}×")
  @CsvSource({"4.0, 1.0", "4.0, 0.3", "0.3, 4.0", "1.0, 2.0", "0.3, 0.3", "4.0, 4.0"})
  void theRateFollowsTheMeasuredSpeedOnceThereIsEvidence(double prior, double real) {
    // At least ten minutes of audio and at least ten minutes of work, at the real speed.
    double processed = Math.max(600, 600 / real);
    Instant now = T0.plusSeconds(Math.round(processed * real));

    ProgressEstimate e = at(now, running(HOUR, processed, now, prior, 0));

    assertThat(e.secondsPerAudioSecond()).isCloseTo(real, within(0.1 * real));
    double trueRemaining = (HOUR - processed) * real;
    assertThat((double) e.remaining().getSeconds())
        .isCloseTo(trueRemaining, within(0.1 * trueRemaining));
  }

  @ParameterizedTest(name = "{0} samples -> rate {1}")
  @CsvSource({
    // The default guess is worth 10 s of watching: k = 10 / 4 = 2.5 audio s; (4·2.5 + 600) / 602.5.
    "0, 1.012448",
    // A learned 4× is worth a minute: k = min(60, 60 / 4, 5 % of an hour) = 15; (4·15 + 600) / 615.
    "1, 1.073171",
    "25, 1.073171"
  })
  void theDefaultGuessWeighsLessThanALearnedPrior(int samples, double rate) {
    Instant now = T0.plusSeconds(600);
    // 600 audio seconds in 600 s: the engine runs at 1×, the prior says 4×.
    ProgressInput in =
        ProgressInputs.of(HOUR, 600, T0, 0, now, now, 4.0, samples, 0, PROCESSING, 0);

    assertThat(at(now, in).secondsPerAudioSecond()).isCloseTo(rate, within(1e-6));
  }

  @Test
  void aStoredPriorReplacedByTheDefaultCountsAsUnlearned() {
    Instant now = T0.plusSeconds(600);
    ProgressInput in =
        ProgressInputs.of(HOUR, 600, T0, 0, now, now, Double.NaN, 40, 0, PROCESSING, 0);

    assertThat(at(now, in).secondsPerAudioSecond()).isCloseTo(1.012448, within(1e-6));
  }

  /**
   * The case bench/eta-accuracy measures: a fast engine (0.18 s per audio second with two slots) on
   * a fresh installation, where the default 4× is 22× too slow. The guess fades within the first
   * minute instead of dominating a two-minute job.
   */
  @ParameterizedTest(name = "{0} of the audio done -> remaining within {1} of the truth")
  @CsvSource({"0.25, 0.35, 1.5", "0.5, 0.2, 0.9", "0.75, 0.12, 0.45"})
  void aFreshInstallationsFirstFastJobIsEstimatedFromWhatIsMeasured(
      double done, double tolerance, double ifTheGuessWereTrusted) {
    double total = 645.5;
    double real = 0.18;
    double processed = total * done;
    Instant now = T0.plusMillis(Math.round(processed * real * 1000));
    double trueRemaining = (total - processed) * real;

    ProgressEstimate e =
        at(now, ProgressInputs.of(total, processed, T0, 0, now, now, 4.0, 0, 0, PROCESSING, 0));
    ProgressEstimate trusted =
        at(now, ProgressInputs.of(total, processed, T0, 0, now, now, 4.0, 1, 0, PROCESSING, 0));

    assertThat((double) e.remaining().getSeconds())
        .isCloseTo(trueRemaining, within(tolerance * trueRemaining));
    assertThat((double) trusted.remaining().getSeconds())
        .isGreaterThan((1 + ifTheGuessWereTrusted) * trueRemaining);
  }

  // --- pace: slow, stalled, worker lost ----------------------------------------------------------

  @ParameterizedTest(name = "silent for {0} s -> {1}")
  @CsvSource({"0, ON_TRACK", "19, ON_TRACK", "20, WORKER_LOST", "90, WORKER_LOST"})
  void aWorkerThatStopsReportingIsLostAfterTwentySeconds(long silent, Pace pace) {
    Instant lastReport = T0.plus(Duration.ofMinutes(30));
    ProgressInput in = seenAt(running(HOUR, 450, lastReport, 4, 0), lastReport);

    ProgressEstimate e = at(lastReport.plusSeconds(silent), in);

    assertThat(e.pace()).isEqualTo(pace);
    assertThat(e.stalled()).isFalse();
    if (pace == Pace.WORKER_LOST) {
      assertThat(e.message())
          .startsWith("The worker transcribing this session stopped responding")
          .contains("moving to another worker automatically", "finished parts are kept");
    } else {
      assertThat(e.message()).startsWith("About ");
    }
  }

  @Test
  void aLostWorkerSaysForHowLong() {
    Instant lastReport = T0.plus(Duration.ofMinutes(30));
    ProgressInput in = seenAt(running(HOUR, 450, lastReport, 4, 0), lastReport);

    assertThat(at(lastReport.plusSeconds(150), in).message())
        .startsWith("The worker transcribing this session stopped responding 3 minutes ago.");
    // Still lost after the stall threshold: the more specific reason wins, the stall flag is set
    // too.
    ProgressEstimate longGone = at(lastReport.plus(Duration.ofMinutes(6)), in);
    assertThat(longGone.pace()).isEqualTo(Pace.WORKER_LOST);
    assertThat(longGone.stalled()).isTrue();
  }

  @Test
  void withoutAWorkerReportTheLastProgressIsTheLastSignOfLife() {
    Instant lastProgress = T0.plus(Duration.ofMinutes(30));
    ProgressInput in = running(HOUR, 450, lastProgress, 4, 0);

    assertThat(at(lastProgress.plusSeconds(19), in).pace()).isEqualTo(Pace.ON_TRACK);
    assertThat(at(lastProgress.plusSeconds(20), in).pace()).isEqualTo(Pace.WORKER_LOST);
    // A report older than the last progress changes nothing.
    assertThat(at(lastProgress.plusSeconds(19), seenAt(in, T0)).pace()).isEqualTo(Pace.ON_TRACK);
  }

  @Test
  void aWorkerClockAheadOfOursCountsAsReportingNow() {
    Instant now = T0.plus(Duration.ofMinutes(30));
    ProgressInput in = seenAt(running(HOUR, 450, T0.plusSeconds(60), 4, 0), now.plusSeconds(120));

    assertThat(at(now, in).pace()).isEqualTo(Pace.STALLED);
  }

  @ParameterizedTest(name = "real {0}× against a learned 1× -> {1}")
  @CsvSource({"0.5, ON_TRACK", "1.0, ON_TRACK", "1.4, ON_TRACK", "1.6, SLOW", "3.0, SLOW"})
  void slowerThanOneAndAHalfTimesTheLearnedSpeedIsSlow(double real, Pace pace) {
    double processed = 1200;
    Instant now = T0.plusSeconds(Math.round(processed * real));
    ProgressInput in =
        ProgressInputs.of(HOUR, processed, T0, 0, now, now, 1.0, 5, 0, PROCESSING, 0);

    assertThat(at(now, in).pace()).isEqualTo(pace);
  }

  @ParameterizedTest
  @EnumSource(
      value = SessionStatus.class,
      names = {"PENDING", "COMPLETED", "FAILED", "CANCELLED"})
  void onlyProcessingSessionsHaveAPace(SessionStatus status) {
    assertThat(at(T0.plus(Duration.ofHours(2)), withStatus(status, 20)).pace()).isNull();
  }

  // --- retries ----------------------------------------------------------------------------------

  @Test
  void aRetryKeepsTheTimeAndAudioOfEarlierAttempts() {
    Instant retryStart = T0.plus(Duration.ofHours(1));
    // First attempt: 30 minutes, 7.5 minutes of audio, last progress long before the retry.
    ProgressInput retry =
        ProgressInputs.of(
            HOUR, 450, retryStart, 1800, T0.plusSeconds(1800), null, 4, 0, 0, PROCESSING, 0);

    ProgressEstimate e = at(retryStart.plusSeconds(10), retry);

    assertThat(e.progress()).isGreaterThanOrEqualTo(12.5);
    assertThat(e.remaining().toMinutes()).isBetween(205L, 210L);
    // The old report predates this attempt, so the new start counts as the last sign of life.
    assertThat(e.stalled()).isFalse();
  }

  // --- almost done ------------------------------------------------------------------------------

  @ParameterizedTest(name = "shown {0} % -> almost done={1}")
  @CsvSource({"89.99, false", "90.00, false", "90.01, true", "98.5, true"})
  void almostDoneMeansAboveNinetyPercent(double floor, boolean almostDone) {
    Instant now = T0.plusSeconds(1800);
    ProgressEstimate e = at(now, running(HOUR, 450, now, 4, floor));

    assertThat(e.progress()).isEqualTo(floor);
    assertThat(e.almostDone()).isEqualTo(almostDone);
    assertThat(e.message()).isEqualTo(almostDone ? "Almost done" : "About 3.5 hours left");
  }

  @Test
  void aStallIsReportedEvenWhenAlmostDone() {
    Instant lastProgress = T0.plus(Duration.ofMinutes(228));
    Instant now = lastProgress.plus(Duration.ofMinutes(6));
    ProgressInput in = seenAt(running(HOUR, 0.95 * HOUR, lastProgress, 4, 0), now);

    ProgressEstimate e = at(now, in);

    assertThat(e.almostDone()).isTrue();
    assertThat(e.stalled()).isTrue();
    assertThat(e.message()).startsWith("No progress for 6 minutes.");
  }

  // --- the 99 % cap -----------------------------------------------------------------------------

  @Test
  void allAudioTranscribedButNotYetStoredShowsNinetyNine() {
    Instant now = T0.plus(Duration.ofHours(4));
    ProgressEstimate e = at(now, running(HOUR, HOUR, now, 4, 0));

    assertThat(e.progress()).isEqualTo(99.0);
    assertThat(e.remaining()).isEqualTo(Duration.ZERO);
    assertThat(e.message()).isEqualTo("Almost done");
  }

  // --- final states -----------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(doubles = {0, 37.5, 99, Double.NaN})
  void completedIsAlwaysOneHundred(double floor) {
    ProgressEstimate e = at(T0.plusSeconds(7200), withStatus(COMPLETED, floor));

    assertThat(e.progress()).isEqualTo(100.0);
    assertThat(e.message()).isEqualTo("Transcription complete!");
    assertThat(e.remaining()).isEqualTo(Duration.ZERO);
    assertThat(e.estimatedCompletion()).isNull();
    assertThat(e.etaLow()).isNull();
    assertThat(e.etaHigh()).isNull();
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = SessionStatus.class,
      names = {"FAILED", "CANCELLED"})
  void stoppedSessionsShowWhereTheyStopped(SessionStatus status) {
    ProgressEstimate e = at(T0.plusSeconds(7200), withStatus(status, 37.5));

    assertThat(e.progress()).isEqualTo(37.5);
    assertThat(e.message())
        .isEqualTo(status == FAILED ? "Processing failed. Please try again." : "Cancelled");
    assertThat(e.remaining()).isNull();
    assertThat(e.estimatedCompletion()).isNull();
    assertThat(e.stalled()).isFalse();
    assertThat(e.almostDone()).isFalse();
  }

  @ParameterizedTest(name = "floor {0} -> {1}")
  @CsvSource({"100, 99", "250, 99", "-5, 0", "NaN, 0", "Infinity, 0"})
  void aCorruptFloorIsClampedForUnfinishedSessions(double floor, double shown) {
    assertThat(at(T0, withStatus(CANCELLED, floor)).progress()).isEqualTo(shown);
  }

  // --- pending ----------------------------------------------------------------------------------

  @Test
  void pendingEtaCountsTheWorkDoneBeforeItsOwnAtTheLearnedPace() {
    // An hour of others' audio shares the engines with this hour, 4×: the engines do four hours of
    // theirs and four of this one's.
    ProgressInput queued = ProgressInputs.of(HOUR, 0, null, 0, null, null, 4, 0, 0, PENDING, 3600);

    ProgressEstimate e = at(T0, queued);

    assertThat(e.progress()).isZero();
    assertThat(e.remaining()).isEqualTo(Duration.ofHours(8));
    assertThat(e.estimatedCompletion()).isEqualTo(T0.plus(Duration.ofHours(8)));
    assertThat(e.message()).isEqualTo("Waiting to start — about 4 hours of work ahead");
    assertThat(e.etaLow()).isBefore(e.estimatedCompletion());
    assertThat(e.etaHigh()).isAfter(e.estimatedCompletion());
  }

  @Test
  void pendingWithAnEmptyQueueIsNext() {
    ProgressInput next = ProgressInputs.of(HOUR, 0, null, 0, null, null, 0.3, 0, 0, PENDING, 0);

    ProgressEstimate e = at(T0, next);

    assertThat(e.message()).isEqualTo("Waiting to start — yours is next");
    assertThat(e.remaining()).isEqualTo(Duration.ofMinutes(18));
  }

  @Test
  void aRequeuedSessionOnlyWaitsForItsUnfinishedAudio() {
    // Re-queued after a restart with half the audio done and 40 % shown.
    ProgressInput requeued =
        ProgressInputs.of(HOUR, 1800, null, 900, null, null, 1, 0, 40, PENDING, 0);

    ProgressEstimate e = at(T0, requeued);

    assertThat(e.progress()).isEqualTo(40.0);
    assertThat(e.remaining()).isEqualTo(Duration.ofMinutes(30));
  }

  @Test
  void pendingWithUnknownLengthStillDescribesTheQueue() {
    ProgressInput unknown =
        ProgressInputs.of(Double.NaN, 0, null, 0, null, null, 4, 0, 0, PENDING, 300);

    ProgressEstimate e = at(T0, unknown);

    assertThat(e.message()).isEqualTo("Waiting to start — about 20 minutes of work ahead");
    assertThat(e.estimatedCompletion()).isNull();
    assertThat(e.remaining()).isNull();
  }

  // --- missing or absurd numbers ----------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(doubles = {0, -60, Double.NaN, Double.POSITIVE_INFINITY})
  void processingWithUnknownLengthSaysProcessingAudio(double total) {
    ProgressInput in = seenAt(running(total, 450, T0.plusSeconds(60), 4, 12), T0.plusSeconds(89));

    ProgressEstimate e = at(T0.plusSeconds(90), in);

    assertThat(e.message()).isEqualTo("Processing audio...");
    assertThat(e.progress()).isEqualTo(12.0);
    assertThat(e.estimatedCompletion()).isNull();
    assertThat(e.pace()).isEqualTo(Pace.ON_TRACK);
    assertThat(at(T0.plusSeconds(360), in).stalled()).isTrue();
    assertThat(at(T0.plusSeconds(360), in).pace()).isEqualTo(Pace.WORKER_LOST);
    assertThat(at(T0.plusSeconds(360), seenAt(in, T0.plusSeconds(359))).pace())
        .isEqualTo(Pace.STALLED);
  }

  @Test
  void workerClocksAheadOfOursDoNotBreakTheEstimate() {
    Instant future = T0.plusSeconds(120);
    ProgressInput skewed =
        ProgressInputs.of(
            HOUR, 30, future, 0, future.plusSeconds(60), null, 4, 0, 0, PROCESSING, 0);

    ProgressEstimate e = at(T0, skewed);

    assertThat(e.progress()).isBetween(0.0, 1.0);
    assertThat(e.remaining()).isPositive();
    assertThat(e.stalled()).isFalse();
  }

  @Test
  void garbageNumbersAreTreatedAsNothing() {
    Instant now = T0.plusSeconds(600);
    ProgressInput garbage =
        ProgressInputs.of(HOUR, Double.NaN, T0, -50, now, null, -1, 0, 0, PROCESSING, -9);

    ProgressEstimate e = at(now, garbage);

    // Nothing processed in 10 minutes: slower than the 4× default assumed.
    assertThat(e.secondsPerAudioSecond()).isGreaterThan(SpeedPrior.DEFAULT);
    assertThat(e.progress()).isBetween(0.0, 99.0);
  }

  @Test
  void processedBeyondTheLengthCountsAsAllOfIt() {
    Instant now = T0.plus(Duration.ofHours(4));
    assertThat(at(now, running(HOUR, 5000, now, 4, 0)).progress()).isEqualTo(99.0);
  }

  @Test
  void anAbsurdLengthCannotOverflowTheEta() {
    ProgressEstimate e = at(T0, running(1e300, 0, null, 4, 0));

    assertThat(e.estimatedCompletion()).isAfter(T0.plus(Duration.ofDays(3650)));
  }

  @Test
  void statusIsRequired() {
    assertThatThrownBy(() -> ProgressInputs.of(HOUR, 0, null, 0, null, null, 4, 0, 0, null, 0))
        .isInstanceOf(NullPointerException.class);
  }

  // --- engines whose position is estimated (a speech server, whisper) ----------------------------

  @ParameterizedTest(name = "audio fraction {0}: ±{1} when measured, ±{2} when estimated")
  @CsvSource({"0.0, 0.65, 0.95", "0.25, 0.525, 0.7875", "0.5, 0.40, 0.60", "1.0, 0.15, 0.225"})
  void anEstimatedPositionWidensTheRangeByHalfAtMost95Percent(
      double fraction, double measured, double estimated) {
    assertThat(ProgressEstimator.uncertainty(fraction, false)).isCloseTo(measured, within(1e-9));
    assertThat(ProgressEstimator.uncertainty(fraction, true)).isCloseTo(estimated, within(1e-9));
  }

  @Test
  void aWaitingSessionOnASpeechServerGetsTheWiderRangeAroundTheSameEta() {
    ProgressInput measured =
        ProgressInputs.of(HOUR, 900, null, 0, null, null, 0.2, 0, 0, PENDING, 0, false);
    ProgressInput estimated =
        ProgressInputs.of(HOUR, 900, null, 0, null, null, 0.2, 0, 0, PENDING, 0, true);

    ProgressEstimate narrow = at(T0, measured);
    ProgressEstimate wide = at(T0, estimated);

    assertThat(wide.estimatedCompletion()).isEqualTo(narrow.estimatedCompletion());
    // 2700 s of audio left at 0.2: 540 s; a quarter measured, so ±52.5 % and ±78.75 %.
    assertThat(narrow.remaining()).isEqualTo(Duration.ofSeconds(540));
    assertThat(Duration.between(narrow.etaLow(), narrow.etaHigh()).toMillis() / 1000.0)
        .isCloseTo(2 * 540 * 0.525, within(1.0));
    assertThat(Duration.between(wide.etaLow(), wide.etaHigh()).toMillis() / 1000.0)
        .isCloseTo(2 * 540 * 0.7875, within(1.0));
    assertThat(wide.etaLow()).isAfter(T0);
  }
}
