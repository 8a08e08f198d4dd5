package com.coachtrack.service.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.coachtrack.service.api.AnalyticsView;
import com.coachtrack.service.api.AnalyticsWeekView;
import com.coachtrack.service.api.EngineSpeedView;
import com.coachtrack.service.api.EngineWeekView;
import com.coachtrack.service.api.EstimateAccuracyView;
import com.coachtrack.service.api.FailureCountView;
import com.coachtrack.service.api.QueuePointView;
import com.coachtrack.store.OutcomeRow;
import com.coachtrack.store.QueueBucketRow;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The report from outcome rows with known times, every number worked out by hand in the comments.
 * Two weeks: Monday 2025-03-03 and Monday 2025-03-10.
 */
class AnalyticsReportTest {
  private static final AnalyticsRange RANGE =
      new AnalyticsRange(LocalDate.parse("2025-03-03"), LocalDate.parse("2025-03-16"));
  private static final LocalDate WEEK1 = LocalDate.parse("2025-03-03");
  private static final LocalDate WEEK2 = LocalDate.parse("2025-03-10");

  /**
   * A: 30 min of audio, uploaded 09:00, done 10:00 → 120 min per audio hour; 900 s of processing →
   * 30 min per audio hour, 0.5 s per audio s; engine 450 s → 0.25. Told 09:50 at 09:10 (50 min
   * really remained, 10 off → 20 %, late); told 10:00 at 09:35 (exact).
   */
  private static final OutcomeRow A =
      completed(
          "pocketsphinx",
          1800,
          "2025-03-03T09:00:00Z",
          "2025-03-03T10:00:00Z",
          900.0,
          450.0,
          "2025-03-03T09:50:00Z",
          "2025-03-03T09:10:00Z",
          "2025-03-03T10:00:00Z",
          "2025-03-03T09:35:00Z");

  /**
   * B: 60 min of audio, 08:00 → 09:30 = 90 min per audio hour; 3600 s processing = 60 min per audio
   * hour, 1.0 s/s; engine 1800 s → 0.5. Told 09:00 at 08:00 (90 min remained, 30 off → 33.3 %,
   * late); told 09:40 at 08:45 (45 remained, 10 off → 22.2 %, early).
   */
  private static final OutcomeRow B =
      completed(
          "pocketsphinx",
          3600,
          "2025-03-05T08:00:00Z",
          "2025-03-05T09:30:00Z",
          3600.0,
          1800.0,
          "2025-03-05T09:00:00Z",
          "2025-03-05T08:00:00Z",
          "2025-03-05T09:40:00Z",
          "2025-03-05T08:45:00Z");

  /** D: 10 min of audio, 30 min → 180 min per audio hour; 1200 s → 120, 2.0 s/s; nothing else. */
  private static final OutcomeRow D =
      completed(
          "sphinx4",
          600,
          "2025-03-10T12:00:00Z",
          "2025-03-10T12:30:00Z",
          1200.0,
          null,
          null,
          null,
          null,
          null);

  private static final List<OutcomeRow> ROWS =
      List.of(
          A,
          B,
          D,
          ended("failed", "no_speech", "2025-03-04T10:00:00Z"),
          ended("failed", "no_speech", "2025-03-11T10:00:00Z"),
          ended("failed", "worker_lost", "2025-03-12T10:00:00Z"),
          ended("failed", "no_speech", "2025-03-16T23:59:59Z"),
          ended("cancelled", null, "2025-03-13T10:00:00Z"),
          // After the range: the query would not return it, and the report does not count it.
          ended("failed", "no_speech", "2025-03-17T00:00:00Z"));

  @Test
  void weeksCountCompletedRecordingsTheirAudioAndTheMedianCostPerAudioHour() {
    AnalyticsView view = AnalyticsReport.build("mine", RANGE, ROWS, null);

    assertThat(view.scope()).isEqualTo("mine");
    assertThat(view.from()).isEqualTo(RANGE.from());
    assertThat(view.to()).isEqualTo(RANGE.to());
    assertThat(view.timeZone()).isEqualTo("UTC");
    assertThat(view.weeks())
        .containsExactly(
            // 120 and 90 → 105; 30 and 60 → 45
            new AnalyticsWeekView(WEEK1, 2, 1.5, 1, 0, 105.0, 45.0),
            new AnalyticsWeekView(WEEK2, 1, 0.1667, 3, 1, 180.0, 120.0));
    assertThat(view.totals().recordings()).isEqualTo(3);
    assertThat(view.totals().audioHours()).isEqualTo(1.6667);
    assertThat(view.totals().failed()).isEqualTo(4);
    assertThat(view.totals().cancelled()).isEqualTo(1);
    assertThat(view.totals().medianTurnaroundMinutesPerAudioHour()).isEqualTo(120.0);
    assertThat(view.totals().medianProcessingMinutesPerAudioHour()).isEqualTo(60.0);
  }

  @Test
  void estimatesAreComparedWithTheRealFinish() {
    AnalyticsView view = AnalyticsReport.build("mine", RANGE, ROWS, null);
    // 20 and 33.33: median 26.67, p90 the larger; both finished after the estimate.
    assertThat(view.estimates().atStart()).isEqualTo(new EstimateAccuracyView(2, 26.7, 33.3, 0, 2));
    // 0 (exact: neither early nor late) and 22.22 early.
    assertThat(view.estimates().atHalf()).isEqualTo(new EstimateAccuracyView(2, 11.1, 22.2, 1, 0));
  }

  @Test
  void failuresAreCountedByReasonMostFrequentFirstWithTheCoachesWords() {
    AnalyticsView view = AnalyticsReport.build("mine", RANGE, ROWS, null);
    assertThat(view.failures())
        .extracting(FailureCountView::code, FailureCountView::count)
        .containsExactly(tuple("no_speech", 3), tuple("worker_lost", 1));
    assertThat(view.failures().get(0).message()).isEqualTo("We found no speech in this recording.");
  }

  @Test
  void coachesGetNoEngineOrQueueParts() {
    AnalyticsView view = AnalyticsReport.build("mine", RANGE, ROWS, null);
    assertThat(view.engines()).isNull();
    assertThat(view.queue()).isNull();
  }

  @Test
  void operatorsGetEngineSpeedByWeekAndQueueDepth() {
    List<QueueBucketRow> queue =
        List.of(
            new QueueBucketRow(Instant.parse("2025-03-03T08:00:00Z"), 60, 4, 1.23456, 2, 5400),
            new QueueBucketRow(Instant.parse("2025-03-03T09:00:00Z"), 30, 0, 0, 0, 0));
    AnalyticsView view = AnalyticsReport.build("all", RANGE, ROWS, queue);

    assertThat(view.engines())
        .extracting(EngineSpeedView::engine)
        .containsExactly("pocketsphinx", "sphinx4");
    assertThat(view.engines().get(0).weeks())
        .containsExactly(
            // 0.5 and 1.0 s per audio s → 0.75; engine 0.25 and 0.5 → 0.375
            new EngineWeekView(WEEK1, 2, 0.75, 0.375), new EngineWeekView(WEEK2, 0, null, null));
    assertThat(view.engines().get(1).weeks())
        .containsExactly(
            new EngineWeekView(WEEK1, 0, null, null), new EngineWeekView(WEEK2, 1, 2.0, null));

    assertThat(view.queue().bucket()).as("two weeks are shown by the hour").isEqualTo("hour");
    assertThat(view.queue().points())
        .containsExactly(
            new QueuePointView(Instant.parse("2025-03-03T08:00:00Z"), 60, 4, 1.23, 2, 1.5),
            new QueuePointView(Instant.parse("2025-03-03T09:00:00Z"), 30, 0, 0.0, 0, 0.0));
  }

  @Test
  void nothingFinishedGivesEveryWeekWithZerosAndNoMedians() {
    AnalyticsView view = AnalyticsReport.build("all", RANGE, List.of(), List.of());
    assertThat(view.weeks())
        .containsExactly(
            new AnalyticsWeekView(WEEK1, 0, 0.0, 0, 0, null, null),
            new AnalyticsWeekView(WEEK2, 0, 0.0, 0, 0, null, null));
    assertThat(view.estimates().atStart()).isEqualTo(new EstimateAccuracyView(0, null, null, 0, 0));
    assertThat(view.failures()).isEmpty();
    assertThat(view.engines()).isEmpty();
    assertThat(view.queue().points()).isEmpty();
  }

  @Test
  void aSessionWithoutLengthOrProcessingTimeCountsButAddsNoRatio() {
    OutcomeRow odd =
        new OutcomeRow(
            UUID.randomUUID(),
            "coach",
            "pocketsphinx",
            "completed",
            null,
            1,
            0,
            Instant.parse("2025-03-03T09:00:00Z"),
            null,
            Instant.parse("2025-03-03T09:01:00Z"),
            null,
            null,
            Instant.parse("2025-03-03T09:01:00Z"),
            Instant.parse("2025-03-03T09:01:00Z"),
            null,
            null);
    AnalyticsView view = AnalyticsReport.build("all", RANGE, List.of(odd), List.of());
    assertThat(view.weeks().get(0))
        .isEqualTo(new AnalyticsWeekView(WEEK1, 1, 0.0, 0, 0, null, null));
    assertThat(view.estimates().atStart().sessions()).as("shown at the finish").isZero();
    assertThat(view.engines().get(0).weeks().get(0))
        .isEqualTo(new EngineWeekView(WEEK1, 1, null, null));
  }

  @Test
  void aFailureWithoutACodeIsCountedAsUnknown() {
    AnalyticsView view =
        AnalyticsReport.build(
            "mine", RANGE, List.of(ended("failed", null, "2025-03-04T10:00:00Z")), null);
    assertThat(view.failures()).extracting(FailureCountView::code).containsExactly("unknown");
  }

  private static OutcomeRow completed(
      String engine,
      double audioSeconds,
      String uploaded,
      String finished,
      Double processing,
      Double engineSeconds,
      String etaAtStart,
      String etaAtStartMade,
      String etaAtHalf,
      String etaAtHalfMade) {
    return new OutcomeRow(
        UUID.randomUUID(),
        "coach",
        engine,
        "completed",
        null,
        1,
        audioSeconds,
        Instant.parse(uploaded),
        Instant.parse(uploaded),
        Instant.parse(finished),
        processing,
        engineSeconds,
        instant(etaAtStart),
        instant(etaAtStartMade),
        instant(etaAtHalf),
        instant(etaAtHalfMade));
  }

  private static OutcomeRow ended(String status, String code, String finished) {
    Instant at = Instant.parse(finished);
    return new OutcomeRow(
        UUID.randomUUID(),
        "coach",
        "pocketsphinx",
        status,
        code,
        1,
        60,
        at.minusSeconds(600),
        at.minusSeconds(300),
        at,
        300.0,
        null,
        null,
        null,
        null,
        null);
  }

  private static Instant instant(String text) {
    return text == null ? null : Instant.parse(text);
  }
}
