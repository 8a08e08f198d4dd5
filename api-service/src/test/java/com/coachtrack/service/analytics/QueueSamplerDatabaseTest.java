package com.coachtrack.service.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.coachtrack.store.NewSession;
import com.coachtrack.store.SessionDao;
import com.coachtrack.store.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-minute queue sample against a real PostgreSQL: what it counts, one row per interval
 * whoever samples it, pruning of old samples and outcomes, and a database failure that only skips
 * samples (a scheduled task that throws is never run again).
 */
class QueueSamplerDatabaseTest {
  private static final Duration MINUTE = Duration.ofMinutes(1);
  private static TestDatabase db;

  @BeforeAll
  static void startDatabase() throws Exception {
    db = new TestDatabase();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    db.close();
  }

  @BeforeEach
  void empty() {
    db.jdbi.useHandle(
        h -> h.execute("TRUNCATE queue_sample, session_outcome, transcription_session CASCADE"));
  }

  @Test
  void countsWhatWaitsOnceAMinuteWhoeverSamplesAndPrunesWhatIsTooOld() {
    Instant now = Instant.parse("2026-11-25T10:03:41Z");
    session("pending", 3600, 0);
    session("processing", 1800, 600);
    session("completed", 900, 900);
    insertSample(now.minus(Duration.ofDays(91)));
    insertSample(now.minus(Duration.ofDays(89)));
    insertOutcome(now.minus(Duration.ofDays(741)));
    insertOutcome(now.minus(Duration.ofDays(739)));

    sampler(now).run();
    // A second API process in the same minute: the minute's row is already there.
    sampler(now.plusSeconds(15)).run();

    Map<String, Object> sample =
        db.jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT pending, processing, audio_seconds_waiting FROM queue_sample"
                            + " WHERE sampled_at = :at")
                    .bind("at", Instant.parse("2026-11-25T10:03:00Z"))
                    .mapToMap()
                    .one());
    assertThat(sample)
        .containsEntry("pending", 1)
        .containsEntry("processing", 1)
        .containsEntry("audio_seconds_waiting", 3600.0 + 1200.0);
    assertThat(sampledAt())
        .as("the 91-day-old sample is pruned, the 89-day-old one kept, one row for the minute")
        .containsExactly(now.minus(Duration.ofDays(89)), Instant.parse("2026-11-25T10:03:00Z"));
    long outcomes =
        db.jdbi.withHandle(
            h -> h.createQuery("SELECT count(*) FROM session_outcome").mapTo(Long.class).one());
    assertThat(outcomes).as("outcomes older than 740 days are pruned").isEqualTo(1L);
  }

  @Test
  void aDatabaseFailureSkipsSamplesAndTheNextRunWritesAgain() {
    Instant now = Instant.parse("2026-11-26T08:00:10Z");
    db.jdbi.useHandle(h -> h.execute("ALTER TABLE queue_sample RENAME TO queue_sample_away"));
    try {
      assertThatCode(() -> sampler(now).run()).doesNotThrowAnyException();
      assertThatCode(() -> sampler(now.plus(MINUTE)).run()).doesNotThrowAnyException();
    } finally {
      db.jdbi.useHandle(h -> h.execute("ALTER TABLE queue_sample_away RENAME TO queue_sample"));
    }
    QueueSampler sampler = sampler(now.plus(MINUTE.multipliedBy(2)));
    // The same sampler fails, then recovers.
    db.jdbi.useHandle(h -> h.execute("ALTER TABLE queue_sample RENAME TO queue_sample_away"));
    try {
      sampler.run();
    } finally {
      db.jdbi.useHandle(h -> h.execute("ALTER TABLE queue_sample_away RENAME TO queue_sample"));
    }
    sampler.run();
    assertThat(sampledAt())
        .contains(Instant.parse("2026-11-26T08:02:00Z"))
        .doesNotContain(
            Instant.parse("2026-11-26T08:00:00Z"), Instant.parse("2026-11-26T08:01:00Z"));
  }

  private static QueueSampler sampler(Instant now) {
    return new QueueSampler(
        db.jdbi,
        Clock.fixed(now, ZoneId.of("UTC")),
        MINUTE,
        Duration.ofDays(90),
        Duration.ofDays(740));
  }

  private static List<Instant> sampledAt() {
    return db.jdbi.withHandle(
        h ->
            h.createQuery("SELECT sampled_at FROM queue_sample ORDER BY sampled_at")
                .mapTo(Instant.class)
                .list());
  }

  private static void insertSample(Instant at) {
    db.jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO queue_sample (sampled_at, pending, processing, audio_seconds_waiting)"
                    + " VALUES (?, 0, 0, 0)",
                at));
  }

  private static void insertOutcome(Instant finished) {
    db.jdbi.useHandle(
        h ->
            h.execute(
                "INSERT INTO session_outcome (session_id, coach_id, engine, status, attempt,"
                    + " audio_seconds, uploaded_at, finished_at)"
                    + " VALUES (?, 'coach', 'sphinx4', 'completed', 1, 60, ?, ?)",
                UUID.randomUUID(),
                finished.minus(Duration.ofHours(1)),
                finished));
  }

  private static void session(String status, double seconds, double processed) {
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
                    Instant.parse("2026-11-25T09:00:00Z"))));
    db.jdbi.useHandle(
        h ->
            h.execute(
                "UPDATE transcription_session SET status = ?, duration_processed = ? WHERE id = ?",
                status,
                processed,
                id));
  }
}
