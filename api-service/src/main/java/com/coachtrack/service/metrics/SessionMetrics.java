package com.coachtrack.service.metrics;

import com.coachtrack.store.EngineSpeedDao;
import com.coachtrack.store.EngineSpeedRow;
import com.coachtrack.store.QueueLoad;
import com.coachtrack.store.SessionQueries;
import com.coachtrack.store.StatusCount;
import com.coachtrack.workflows.progress.ProgressEstimator;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.SessionStatus;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Operators' view of the whole system, from the database every process shares (so any instance
 * reports the same numbers): sessions per state, stalled sessions, sessions whose worker went
 * silent, failures by code, learned engine speed, and the queue's pressure (sessions waiting to
 * start, hours of audio not yet transcribed). Read at most every 10 s, whatever scrapes the admin
 * port.
 */
public final class SessionMetrics implements MetricSet {
  private static final Duration REFRESH = Duration.ofSeconds(10);

  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration stallAfter;
  private Snapshot snapshot = new Snapshot(Map.of(), 0, 0, Map.of(), Map.of(), new QueueLoad(0, 0));
  private Instant loadedAt = Instant.MIN;

  public SessionMetrics(Jdbi jdbi, Clock clock, Duration stallAfter) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.stallAfter = stallAfter;
  }

  @Override
  public Map<String, Metric> getMetrics() {
    Map<String, Metric> metrics = new HashMap<>();
    for (SessionStatus status : SessionStatus.values()) {
      metrics.put(
          "sessions." + status.wireName(),
          (Gauge<Long>) () -> snapshot().byStatus().getOrDefault(status.wireName(), 0L));
    }
    metrics.put("sessions.stalled", (Gauge<Long>) () -> snapshot().stalled());
    metrics.put("sessions.worker-lost", (Gauge<Long>) () -> snapshot().workerLost());
    for (ErrorCode code : ErrorCode.values()) {
      metrics.put(
          "failures." + code.wireName(),
          (Gauge<Long>) () -> snapshot().failuresByCode().getOrDefault(code.wireName(), 0L));
    }
    metrics.put(
        "engine.seconds-per-audio-second",
        (Gauge<Map<String, Double>>) () -> snapshot().engineSpeed());
    metrics.put("queue.depth", (Gauge<Long>) () -> snapshot().queue().pendingSessions());
    metrics.put(
        "queue.audio-hours-waiting",
        (Gauge<Double>) () -> Math.round(snapshot().queue().audioSecondsWaiting() / 36.0) / 100.0);
    return metrics;
  }

  private synchronized Snapshot snapshot() {
    Instant now = clock.instant();
    if (loadedAt.plus(REFRESH).isBefore(now)) {
      snapshot =
          jdbi.withExtension(
              SessionQueries.class,
              queries -> {
                Map<String, Long> byStatus = new HashMap<>();
                for (StatusCount count : queries.countByStatus()) {
                  byStatus.put(count.status(), count.sessions());
                }
                Map<String, Long> failures = new HashMap<>();
                for (StatusCount count : queries.countFailuresByCode()) {
                  failures.put(count.status(), count.sessions());
                }
                Map<String, Double> speeds = new HashMap<>();
                for (EngineSpeedRow row : jdbi.onDemand(EngineSpeedDao.class).all()) {
                  speeds.put(row.engine(), row.secondsPerAudioSecond());
                }
                return new Snapshot(
                    byStatus,
                    queries.countStalled(now.minus(stallAfter)),
                    queries.countWorkerSilent(now.minus(ProgressEstimator.WORKER_SILENT_AFTER)),
                    failures,
                    speeds,
                    queries.queueLoad());
              });
      loadedAt = now;
    }
    return snapshot;
  }

  private record Snapshot(
      Map<String, Long> byStatus,
      long stalled,
      long workerLost,
      Map<String, Long> failuresByCode,
      Map<String, Double> engineSpeed,
      QueueLoad queue) {}
}
