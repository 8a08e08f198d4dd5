package com.coachtrack.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.coachtrack.activities.sessions.SessionActivitiesImpl;
import com.coachtrack.activities.storage.LocalBlobStore;
import com.coachtrack.workflows.activities.ChunkPlan;
import com.coachtrack.workflows.activities.ChunkState;
import com.coachtrack.workflows.activities.StatusChange;
import com.coachtrack.workflows.activities.TranscriptSummary;
import com.coachtrack.workflows.activities.Word;
import com.coachtrack.workflows.progress.ProgressEstimator;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.SessionStatus;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workflow's bookkeeping and the chunk store against a real PostgreSQL and the real schema. */
class PersistenceTest {
  private static TestDatabase db;
  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:00Z"));
  @TempDir Path dataDir;
  private SessionActivitiesImpl activities;
  private JdbiChunkStore chunks;
  private UUID id;

  @BeforeAll
  static void startDatabase() throws Exception {
    db = new TestDatabase();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    db.close();
  }

  @BeforeEach
  void newSession() {
    Store store = new Store(db.jdbi, clock, new ProgressEstimator(clock), 2);
    activities = new SessionActivitiesImpl(store, clock, new LocalBlobStore(dataDir));
    chunks = store.chunks();
    id = UUID.randomUUID();
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
                    "e-" + id.toString().substring(0, 8),
                    "transcription-" + id,
                    120,
                    "queued",
                    clock.instant())));
  }

  private SessionRow row() {
    return db.jdbi.withExtension(SessionDao.class, dao -> dao.findById(id)).orElseThrow();
  }

  private List<HistoryRow> history() {
    return db.jdbi.withExtension(HistoryDao.class, dao -> dao.forSession(id));
  }

  private StatusChange change(SessionStatus to, int attempt) {
    return StatusChange.to(id.toString(), to, attempt, "to " + to.wireName());
  }

  @Test
  void chunkProgressStartsProcessingAndMovesTheSnapshot() {
    activities.registerChunks(
        id.toString(), List.of(new ChunkPlan(0, 0, 60), new ChunkPlan(1, 60, 120)));
    clock.advance(Duration.ofSeconds(10));
    chunks.recordProgress(id.toString(), 0, 15, List.of());
    SessionRow row = row();
    assertThat(row.status()).isEqualTo("processing");
    assertThat(row.startedAt()).isEqualTo(clock.instant());
    assertThat(row.durationProcessed()).isEqualTo(15.0);
    assertThat(history()).extracting(HistoryRow::toStatus).containsExactly("processing");

    clock.advance(Duration.ofSeconds(20));
    chunks.recordProgress(id.toString(), 1, 80, List.of());
    chunks.recordProgress(
        id.toString(), 0, 10, List.of()); // a retried chunk re-reads audio it had counted
    assertThat(row().durationProcessed()).isEqualTo(35.0);
    List<Word> heard = List.of(new Word("so", 60.5, 60.9, 0.9), new Word("today", 61.0, 61.6, 0.8));
    chunks.recordProgress(id.toString(), 1, 82, heard);
    assertThat(chunks.partialWords(id.toString(), 1))
        .as("kept in the database, shown until a new attempt passes them")
        .isEqualTo(heard);
    chunks.storeChunk(id.toString(), 1, heard, "test", 1.0);
    assertThat(chunks.partialWords(id.toString(), 1)).as("gone once the chunk is done").isEmpty();
    assertThat(row().progressAt()).isEqualTo(clock.instant());
    assertThat(row().progressFloor()).isPositive();
  }

  @Test
  void storedChunksAreFoundAndKeptAcrossRetriesAndTheTranscriptIsAssembledInOrder() {
    List<ChunkState> planned =
        activities.registerChunks(
            id.toString(), List.of(new ChunkPlan(0, 0, 60), new ChunkPlan(1, 60, 120)));
    assertThat(planned).extracting(ChunkState::done).containsExactly(false, false);
    chunks.storeChunk(id.toString(), 1, List.of(new Word("world", 61, 62, 0.9)), "sphinx4", 30);
    assertThat(chunks.findStoredChunk(id.toString(), 1))
        .hasValueSatisfying(
            r -> {
              assertThat(r.wordCount()).isEqualTo(1);
              assertThat(r.alreadyStored()).isTrue();
            });
    assertThat(chunks.findStoredChunk(id.toString(), 0)).isEmpty();

    List<ChunkState> again =
        activities.registerChunks(id.toString(), List.of(new ChunkPlan(0, 0, 120)));
    assertThat(again).extracting(state -> state.plan().index()).containsExactly(0, 1);
    assertThat(again).extracting(ChunkState::done).containsExactly(false, true);

    assertThatThrownBy(() -> activities.assembleTranscript(id.toString()))
        .isInstanceOf(ApplicationFailure.class);
    chunks.storeChunk(id.toString(), 0, List.of(new Word("hello", 1, 2, 0.8)), "sphinx4", 30);
    TranscriptSummary summary = activities.assembleTranscript(id.toString());
    assertThat(summary.wordCount()).isEqualTo(2);
    assertThat(summary.chunkCount()).isEqualTo(2);
    String words =
        db.jdbi.withExtension(TranscriptDao.class, dao -> dao.wordsJson(id)).orElseThrow();
    assertThat(WordsJson.read(words)).extracting(Word::text).containsExactly("hello", "world");
    assertThat(row().wordCount()).isEqualTo(2);
    assertThat(row().durationProcessed()).isEqualTo(120.0);
  }

  @Test
  void lifecycleWithRetryKeepsProcessingTimeAndHistory() {
    activities.recordStatus(change(SessionStatus.PROCESSING, 1));
    clock.advance(Duration.ofSeconds(100));
    activities.recordStatus(
        new StatusChange(
            id.toString(),
            SessionStatus.FAILED,
            1,
            "engine died",
            ErrorCode.ENGINE_CRASH,
            "detail",
            null));
    assertThat(row().status()).isEqualTo("failed");
    assertThat(row().errorCode()).isEqualTo("engine_crash");
    assertThat(row().activeSecondsBefore()).isEqualTo(100.0);

    clock.advance(Duration.ofMinutes(10)); // waiting for the coach is not processing time
    activities.recordStatus(change(SessionStatus.PENDING, 2));
    activities.recordStatus(change(SessionStatus.PROCESSING, 2));
    clock.advance(Duration.ofSeconds(50));
    activities.recordStatus(change(SessionStatus.COMPLETED, 2));

    SessionRow done = row();
    assertThat(done.status()).isEqualTo("completed");
    assertThat(done.attempt()).isEqualTo(2);
    assertThat(done.processingSeconds()).isEqualTo(150.0);
    assertThat(done.progressFloor()).isEqualTo(100.0);
    assertThat(done.errorCode()).isNull();
    assertThat(history())
        .extracting(HistoryRow::fromStatus, HistoryRow::toStatus, HistoryRow::attempt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("pending", "processing", 1),
            org.assertj.core.groups.Tuple.tuple("processing", "failed", 1),
            org.assertj.core.groups.Tuple.tuple("failed", "pending", 2),
            org.assertj.core.groups.Tuple.tuple("pending", "processing", 2),
            org.assertj.core.groups.Tuple.tuple("processing", "completed", 2));
    assertThat(history().get(1).errorCode()).isEqualTo("engine_crash");

    EngineSpeedRow learned =
        db.jdbi
            .withExtension(
                EngineSpeedDao.class, dao -> dao.find("e-" + id.toString().substring(0, 8)))
            .orElseThrow();
    assertThat(learned.samples()).isEqualTo(1);
    assertThat(learned.secondsPerAudioSecond()).isBetween(1.25, 4.0);
  }

  @Test
  void theLearnedPaceIsOfASessionAloneEvenWhenItSharedTheEngines() {
    activities.registerChunks(
        id.toString(),
        List.of(
            new ChunkPlan(0, 0, 30),
            new ChunkPlan(1, 30, 60),
            new ChunkPlan(2, 60, 90),
            new ChunkPlan(3, 90, 120)));
    activities.recordStatus(change(SessionStatus.PROCESSING, 1));
    for (int chunk = 0; chunk < 4; chunk++) {
      chunks.storeChunk(id.toString(), chunk, List.of(), "test", 12);
    }
    // 200 s of wall time, most of it sharing the engines with another coach's recording.
    clock.advance(Duration.ofSeconds(200));
    activities.recordStatus(change(SessionStatus.COMPLETED, 1));

    EngineSpeedRow learned =
        db.jdbi
            .withExtension(
                EngineSpeedDao.class, dao -> dao.find("e-" + id.toString().substring(0, 8)))
            .orElseThrow();
    // 48 s of engine time on two slots is 24 s alone, for 120 s of audio.
    assertThat(learned.secondsPerAudioSecond()).isCloseTo(0.2, within(1e-9));
  }

  @Test
  void aPendingSessionCountsEachOtherSessionsRemainingAudioUpToItsOwn() {
    db.jdbi.useHandle(
        handle ->
            handle.execute(
                "UPDATE transcription_session SET status = 'cancelled'"
                    + " WHERE status IN ('pending', 'processing') AND id <> ?",
                id));
    UUID later = insertPendingSession("coach", 40, clock.instant().plusSeconds(5));
    UUID longest = insertPendingSession("other", 600, clock.instant().minusSeconds(60));
    db.jdbi.useHandle(
        handle ->
            handle.execute(
                "UPDATE transcription_session SET status = 'processing', duration_processed = 100"
                    + " WHERE id = ?",
                longest));

    List<StatusRow> rows =
        db.jdbi.withExtension(
            SessionQueries.class, dao -> dao.findManyForCoach("coach", List.of(id, later)));

    StatusRow first = rows.stream().filter(r -> r.session().id().equals(id)).findFirst().get();
    StatusRow second = rows.stream().filter(r -> r.session().id().equals(later)).findFirst().get();
    // 120 s pending: the long one's 500 s left counts up to 120, the later 40 s one in full.
    assertThat(first.audioAhead()).isEqualTo(160.0);
    assertThat(first.queueAhead()).isEqualTo(1);
    // 40 s pending: both others count up to 40, whoever came first.
    assertThat(second.audioAhead()).isEqualTo(80.0);
    assertThat(second.queueAhead()).isEqualTo(2);
  }

  @Test
  void aSessionWithNoChunkRunningWaitsForAnEngineOnlyWhileOthersKeepThemBusy() {
    db.jdbi.useHandle(
        handle ->
            handle.execute(
                "UPDATE transcription_session SET status = 'cancelled'"
                    + " WHERE status IN ('pending', 'processing') AND id <> ?",
                id));
    activities.registerChunks(
        id.toString(), List.of(new ChunkPlan(0, 0, 60), new ChunkPlan(1, 60, 120)));
    chunks.recordProgress(id.toString(), 0, 15, List.of());
    assertThat(statusRow().chunkInFlight()).as("chunk 0 running").isTrue();

    chunks.storeChunk(id.toString(), 0, List.of(), "test", 1.0);
    assertThat(statusRow().chunkInFlight())
        .as("nothing running here, and nobody else keeps the engines: silence is trouble")
        .isTrue();

    UUID other = insertPendingSession("other", 600, clock.instant());
    db.jdbi.useHandle(
        handle ->
            handle.execute(
                "UPDATE transcription_session SET status = 'processing', worker_seen_at = now()"
                    + " WHERE id = ?",
                other));
    assertThat(statusRow().chunkInFlight()).as("queued behind the other's chunks").isFalse();
    // Only the other one, whose own silence is not explained by anyone else's work, counts.
    long silent =
        db.jdbi.withExtension(
            SessionQueries.class, dao -> dao.countWorkerSilent(Instant.now().plusSeconds(3600)));
    assertThat(silent).isEqualTo(1);
  }

  private StatusRow statusRow() {
    return db.jdbi
        .withExtension(SessionQueries.class, dao -> dao.findManyForCoach("coach", List.of(id)))
        .get(0);
  }

  private UUID insertPendingSession(String coach, double seconds, Instant createdAt) {
    UUID other = UUID.randomUUID();
    db.jdbi.useExtension(
        SessionDao.class,
        dao ->
            dao.insert(
                new NewSession(
                    other,
                    coach,
                    "Other",
                    "other.mp3",
                    "sessions/" + other + "/upload",
                    1000,
                    "mp3/mp3",
                    "e-other",
                    "transcription-" + other,
                    seconds,
                    "queued",
                    createdAt)));
    return other;
  }

  @Test
  void replayedChangesAreIgnoredAndIllegalOnesRefusedNonRetryably() {
    activities.recordStatus(change(SessionStatus.PROCESSING, 1));
    activities.recordStatus(change(SessionStatus.PROCESSING, 1));
    assertThat(history()).hasSize(1);
    activities.recordStatus(change(SessionStatus.CANCELLED, 1));
    assertThatThrownBy(() -> activities.recordStatus(change(SessionStatus.PROCESSING, 1)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isTrue());
    assertThat(row().status()).isEqualTo("cancelled");
    assertThat(row().finishedAt()).isNotNull();
  }

  @Test
  void aDeletedSessionIsReportedAsGone() {
    db.jdbi.useExtension(SessionDao.class, dao -> dao.delete(id));
    assertThatThrownBy(() -> activities.recordStatus(change(SessionStatus.PROCESSING, 1)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isTrue());
  }

  @Test
  void recordsTheMeasuredDuration() {
    activities.recordDuration(id.toString(), 118.5);
    assertThat(row().durationTotal()).isEqualTo(118.5);
  }

  /** A clock the test moves by hand. */
  static final class MovableClock extends Clock {
    private final AtomicReference<Instant> now;

    MovableClock(Instant start) {
      now = new AtomicReference<>(start);
    }

    void advance(Duration duration) {
      now.updateAndGet(instant -> instant.plus(duration));
    }

    @Override
    public Instant instant() {
      return now.get();
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
