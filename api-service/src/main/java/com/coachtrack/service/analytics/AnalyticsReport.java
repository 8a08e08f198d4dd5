package com.coachtrack.service.analytics;

import com.coachtrack.service.api.AnalyticsTotalsView;
import com.coachtrack.service.api.AnalyticsView;
import com.coachtrack.service.api.AnalyticsWeekView;
import com.coachtrack.service.api.EngineSpeedView;
import com.coachtrack.service.api.EngineWeekView;
import com.coachtrack.service.api.EstimateAccuracyView;
import com.coachtrack.service.api.EstimatesView;
import com.coachtrack.service.api.FailureCountView;
import com.coachtrack.service.api.QueuePointView;
import com.coachtrack.service.api.QueueView;
import com.coachtrack.store.OutcomeRow;
import com.coachtrack.store.QueueBucketRow;
import com.coachtrack.workflows.status.ErrorCode;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns session outcomes (and, for operators, queue samples) into the analytics answer. Pure: no
 * I/O and no clock; every number is a function of the rows passed in, so the tests check them
 * against the sessions that produced them.
 *
 * <p>Sessions count in the week they finished (UTC), the moment their numbers became known: a
 * recording uploaded on Sunday night and done on Monday is Monday's. "Recordings" are completed
 * sessions; a session that failed and was then retried to completion counts once as a recording and
 * once as a failure. Turnaround is upload to completed, processing is the time workers spent on it
 * (all attempts); both are divided by the recording's length, so a 90-minute recording and a
 * 10-minute one compare: "minutes per audio hour" is what one hour of recording costs.
 */
public final class AnalyticsReport {
  static final String COMPLETED = "completed";
  static final String FAILED = "failed";
  static final String CANCELLED = "cancelled";
  private static final double SECONDS_PER_HOUR = 3600;
  private static final double MINUTES_PER_HOUR = 60;

  private AnalyticsReport() {}

  /**
   * @param queue queue samples by bucket; null leaves the operators' parts ({@code engines}, {@code
   *     queue}) out
   */
  public static AnalyticsView build(
      String scope, AnalyticsRange range, List<OutcomeRow> outcomes, List<QueueBucketRow> queue) {
    Map<LocalDate, Tally> weeks = new LinkedHashMap<>();
    range.weeks().forEach(week -> weeks.put(week, new Tally()));
    Tally total = new Tally();
    Map<String, Map<LocalDate, Speeds>> engines = new TreeMap<>();
    List<Double> startErrors = new ArrayList<>();
    List<Double> halfErrors = new ArrayList<>();
    int[] startEarlyLate = new int[2];
    int[] halfEarlyLate = new int[2];
    Map<String, Integer> failures = new TreeMap<>();

    for (OutcomeRow row : outcomes) {
      LocalDate week = Weeks.start(row.finishedAt());
      Tally tally = weeks.get(week);
      if (tally == null) {
        continue; // outside the range asked for: the query should not have returned it
      }
      switch (row.status()) {
        case COMPLETED -> {
          tally.completed(row);
          total.completed(row);
          Speeds speeds =
              engines
                  .computeIfAbsent(row.engine(), e -> new TreeMap<>())
                  .computeIfAbsent(week, w -> new Speeds());
          speeds.add(row);
          collect(
              EstimateError.of(row.etaAtStart(), row.etaAtStartMadeAt(), row.finishedAt()),
              startErrors,
              startEarlyLate);
          collect(
              EstimateError.of(row.etaAtHalf(), row.etaAtHalfMadeAt(), row.finishedAt()),
              halfErrors,
              halfEarlyLate);
        }
        case FAILED -> {
          tally.failed++;
          total.failed++;
          failures.merge(row.errorCode() == null ? "unknown" : row.errorCode(), 1, Integer::sum);
        }
        case CANCELLED -> {
          tally.cancelled++;
          total.cancelled++;
        }
        default -> {
          // session_outcome's check constraint allows nothing else
        }
      }
    }

    List<AnalyticsWeekView> weekViews = new ArrayList<>();
    weeks.forEach((week, tally) -> weekViews.add(tally.weekView(week)));
    return new AnalyticsView(
        scope,
        range.from(),
        range.to(),
        "UTC",
        total.totalsView(),
        weekViews,
        new EstimatesView(
            accuracy(startErrors, startEarlyLate), accuracy(halfErrors, halfEarlyLate)),
        failureViews(failures),
        queue == null ? null : engineViews(engines, weeks.keySet()),
        queue == null ? null : queueView(range, queue));
  }

  private static void collect(EstimateError error, List<Double> errors, int[] earlyLate) {
    if (error == null) {
      return;
    }
    errors.add(error.percent());
    if (error.early()) {
      earlyLate[0]++;
    } else if (error.late()) {
      earlyLate[1]++;
    }
  }

  private static EstimateAccuracyView accuracy(List<Double> errors, int[] earlyLate) {
    return new EstimateAccuracyView(
        errors.size(),
        Stats.round(Stats.median(errors), 1),
        Stats.round(Stats.percentile(errors, 90), 1),
        earlyLate[0],
        earlyLate[1]);
  }

  /** Most frequent first; ties by code, so the order is stable. */
  private static List<FailureCountView> failureViews(Map<String, Integer> failures) {
    return failures.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .map(
            e ->
                new FailureCountView(
                    e.getKey(), e.getValue(), ErrorCode.fromWireName(e.getKey()).userMessage()))
        .toList();
  }

  private static List<EngineSpeedView> engineViews(
      Map<String, Map<LocalDate, Speeds>> engines, Iterable<LocalDate> weeks) {
    List<EngineSpeedView> views = new ArrayList<>();
    engines.forEach(
        (engine, byWeek) -> {
          List<EngineWeekView> points = new ArrayList<>();
          for (LocalDate week : weeks) {
            Speeds speeds = byWeek.getOrDefault(week, new Speeds());
            points.add(
                new EngineWeekView(
                    week,
                    speeds.sessions,
                    Stats.round(Stats.median(speeds.wall), 3),
                    Stats.round(Stats.median(speeds.engine), 3)));
          }
          views.add(new EngineSpeedView(engine, points));
        });
    return views;
  }

  private static QueueView queueView(AnalyticsRange range, List<QueueBucketRow> rows) {
    return new QueueView(
        range.queueBucket(),
        rows.stream()
            .map(
                row ->
                    new QueuePointView(
                        row.bucket(),
                        row.samples(),
                        row.maxPending(),
                        Stats.round(row.meanPending(), 2),
                        row.maxProcessing(),
                        Stats.round(row.maxAudioSecondsWaiting() / SECONDS_PER_HOUR, 4)))
            .toList());
  }

  /** Minutes of turnaround (or processing) per hour of audio: seconds per second times 60. */
  private static Double perAudioHour(double seconds, double audioSeconds) {
    return audioSeconds > 0 ? seconds / audioSeconds * MINUTES_PER_HOUR : null;
  }

  /** What one week (or the whole range) adds up to. */
  private static final class Tally {
    int recordings;
    double audioSeconds;
    int failed;
    int cancelled;
    final List<Double> turnaround = new ArrayList<>();
    final List<Double> processing = new ArrayList<>();

    void completed(OutcomeRow row) {
      recordings++;
      audioSeconds += row.audioSeconds();
      double waited = Duration.between(row.uploadedAt(), row.finishedAt()).toMillis() / 1000.0;
      turnaround.add(perAudioHour(waited, row.audioSeconds()));
      if (row.processingSeconds() != null) {
        processing.add(perAudioHour(row.processingSeconds(), row.audioSeconds()));
      }
    }

    AnalyticsWeekView weekView(LocalDate week) {
      return new AnalyticsWeekView(
          week,
          recordings,
          Stats.round(audioSeconds / SECONDS_PER_HOUR, 4),
          failed,
          cancelled,
          Stats.round(Stats.median(turnaround), 1),
          Stats.round(Stats.median(processing), 1));
    }

    AnalyticsTotalsView totalsView() {
      return new AnalyticsTotalsView(
          recordings,
          Stats.round(audioSeconds / SECONDS_PER_HOUR, 4),
          failed,
          cancelled,
          Stats.round(Stats.median(turnaround), 1),
          Stats.round(Stats.median(processing), 1));
    }
  }

  /** One engine's completed sessions in one week. */
  private static final class Speeds {
    int sessions;
    final List<Double> wall = new ArrayList<>();
    final List<Double> engine = new ArrayList<>();

    void add(OutcomeRow row) {
      sessions++;
      if (row.audioSeconds() <= 0) {
        return;
      }
      if (row.processingSeconds() != null) {
        wall.add(row.processingSeconds() / row.audioSeconds());
      }
      if (row.engineSeconds() != null) {
        engine.add(row.engineSeconds() / row.audioSeconds());
      }
    }
  }
}
