package com.coachtrack.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.store.NewSession;
import com.coachtrack.store.SessionDao;
import com.coachtrack.store.Store;
import com.coachtrack.store.TestDatabase;
import com.coachtrack.workflows.activities.StatusChange;
import com.coachtrack.workflows.progress.ProgressEstimator;
import com.coachtrack.workflows.status.SessionStatus;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The queue's pressure gauges from a real PostgreSQL. */
class SessionMetricsTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  private static TestDatabase db;

  @BeforeAll
  static void startDatabase() throws Exception {
    db = new TestDatabase();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    db.close();
  }

  @Test
  void queueDepthIsThePendingSessionsAndTheHoursWaitingWhatIsLeftOfTheUnfinishedOnes() {
    session(3600); // pending: an hour
    session(1800); // pending: half an hour
    UUID halfDone = session(7200);
    move(halfDone, SessionStatus.PROCESSING);
    db.jdbi.useHandle(
        handle ->
            handle.execute(
                "UPDATE transcription_session SET duration_processed = 5400 WHERE id = ?",
                halfDone)); // 30 minutes left
    UUID done = session(9000);
    move(done, SessionStatus.PROCESSING);
    move(done, SessionStatus.COMPLETED);

    Map<String, Metric> metrics =
        new SessionMetrics(db.jdbi, CLOCK, Duration.ofMinutes(5)).getMetrics();

    assertThat(value(metrics, "queue.depth")).isEqualTo(2L);
    assertThat(value(metrics, "queue.audio-hours-waiting")).isEqualTo(2.0);
    assertThat(value(metrics, "sessions.pending")).isEqualTo(2L);
  }

  private static Object value(Map<String, Metric> metrics, String name) {
    return ((Gauge<?>) metrics.get(name)).getValue();
  }

  private static UUID session(double seconds) {
    UUID id = UUID.randomUUID();
    db.jdbi.useExtension(
        SessionDao.class,
        dao ->
            dao.insert(
                new NewSession(
                    id,
                    "coach",
                    "Title",
                    "file.mp3",
                    "sessions/" + id + "/upload",
                    1000,
                    "mp3/mp3",
                    "sphinx4",
                    "transcription-" + id,
                    seconds,
                    "queued",
                    CLOCK.instant())));
    return id;
  }

  private static void move(UUID id, SessionStatus to) {
    new Store(db.jdbi, CLOCK, new ProgressEstimator(CLOCK), 2)
        .statusWriter()
        .apply(StatusChange.to(id.toString(), to, 1, "to " + to.wireName()));
  }
}
