package com.coachtrack.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Queue depth samples against a real PostgreSQL: what is counted, once per instant, by bucket. */
class QueueSampleDaoTest {
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
  void aSampleCountsWaitingSessionsAndTheirUntranscribedAudioOncePerInstant() {
    insert("pending", 100, 0);
    insert("pending", 50, 0);
    insert("processing", 200, 80);
    insert("completed", 300, 300);
    insert("failed", 40, 10);
    QueueSampleDao dao = db.jdbi.onDemand(QueueSampleDao.class);
    Instant at = Instant.parse("2026-11-25T10:00:00Z");

    assertThat(dao.sample(at)).isEqualTo(1);
    assertThat(dao.sample(at)).as("another API process, same minute").isZero();

    List<QueueBucketRow> hour = dao.buckets("hour", at.minusSeconds(1), at.plusSeconds(3600));
    assertThat(hour).hasSize(1);
    assertThat(hour.get(0).bucket()).isEqualTo(at);
    assertThat(hour.get(0).samples()).isEqualTo(1);
    assertThat(hour.get(0).maxPending()).isEqualTo(2);
    assertThat(hour.get(0).maxProcessing()).isEqualTo(1);
    assertThat(hour.get(0).maxAudioSecondsWaiting()).isEqualTo(270.0);
  }

  @Test
  void samplesAreGroupedByUtcHourOrDayWithinTheRangeAndPruned() {
    QueueSampleDao dao = db.jdbi.onDemand(QueueSampleDao.class);
    put("2025-03-03T08:00:00Z", 1, 0, 10);
    put("2025-03-03T08:01:00Z", 4, 2, 90);
    put("2025-03-03T08:59:00Z", 2, 1, 30);
    put("2025-03-03T09:00:00Z", 0, 1, 5);
    put("2025-03-04T23:59:00Z", 6, 2, 600);
    Instant from = Instant.parse("2025-03-03T00:00:00Z");
    Instant to = Instant.parse("2025-03-05T00:00:00Z");

    List<QueueBucketRow> hours = dao.buckets("hour", from, to);
    assertThat(hours)
        .extracting(QueueBucketRow::bucket)
        .containsExactly(
            Instant.parse("2025-03-03T08:00:00Z"),
            Instant.parse("2025-03-03T09:00:00Z"),
            Instant.parse("2025-03-04T23:00:00Z"));
    QueueBucketRow eight = hours.get(0);
    assertThat(eight.samples()).isEqualTo(3);
    assertThat(eight.maxPending()).isEqualTo(4);
    assertThat(eight.meanPending()).isCloseTo(7 / 3.0, within(1e-9));
    assertThat(eight.maxProcessing()).isEqualTo(2);
    assertThat(eight.maxAudioSecondsWaiting()).isEqualTo(90.0);

    List<QueueBucketRow> days = dao.buckets("day", from, to);
    assertThat(days)
        .extracting(QueueBucketRow::bucket, QueueBucketRow::samples, QueueBucketRow::maxPending)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(from, 4, 4),
            org.assertj.core.groups.Tuple.tuple(Instant.parse("2025-03-04T00:00:00Z"), 1, 6));
    assertThat(dao.buckets("day", from, Instant.parse("2025-03-04T23:59:00Z")))
        .as("the end is exclusive")
        .hasSize(1);

    assertThat(dao.pruneBefore(Instant.parse("2025-03-04T00:00:00Z"))).isEqualTo(4);
    assertThat(dao.buckets("day", from, to)).hasSize(1);
  }

  private static void put(String at, int pending, int processing, double waiting) {
    db.jdbi.useHandle(
        handle ->
            handle.execute(
                "INSERT INTO queue_sample (sampled_at, pending, processing, audio_seconds_waiting)"
                    + " VALUES (?, ?, ?, ?)",
                java.sql.Timestamp.from(Instant.parse(at)),
                pending,
                processing,
                waiting));
  }

  private static void insert(String status, double total, double processed) {
    UUID id = UUID.randomUUID();
    db.jdbi.useExtension(
        SessionDao.class,
        dao ->
            dao.insert(
                new NewSession(
                    id,
                    "coach",
                    "T",
                    "f.mp3",
                    "sessions/" + id + "/upload",
                    1,
                    "mp3/mp3",
                    "test",
                    "transcription-" + id,
                    total,
                    "queued",
                    Instant.parse("2026-11-25T09:00:00Z"))));
    db.jdbi.useHandle(
        handle ->
            handle.execute(
                "UPDATE transcription_session SET status = ?, duration_processed = ? WHERE id = ?",
                status,
                processed,
                id));
  }
}
