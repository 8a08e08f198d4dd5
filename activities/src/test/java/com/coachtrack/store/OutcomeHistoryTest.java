package com.coachtrack.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.activities.sessions.SessionActivitiesImpl;
import com.coachtrack.activities.storage.LocalBlobStore;
import com.coachtrack.store.PersistenceTest.MovableClock;
import com.coachtrack.workflows.activities.ChunkPlan;
import com.coachtrack.workflows.activities.StatusChange;
import com.coachtrack.workflows.progress.ProgressEstimator;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.SessionStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What analytics reads, as the worker and the status writer leave it: the estimates a coach was
 * shown at the start and at half-way, and one outcome row per session end with the actual finish.
 */
class OutcomeHistoryTest {
  private static TestDatabase db;
  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final ProgressEstimator estimator = new ProgressEstimator(clock);
  @TempDir Path dataDir;
  private SessionActivitiesImpl activities;
  private JdbiChunkStore chunks;
  private UUID id;
  private String engine;

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
    Store store = new Store(db.jdbi, clock, estimator, 2);
    activities = new SessionActivitiesImpl(store, clock, new LocalBlobStore(dataDir));
    chunks = store.chunks();
    id = UUID.randomUUID();
    // An engine of its own: no learned prior from other tests, so the default 4x applies.
    engine = "e-" + id.toString().substring(0, 8);
    db.jdbi.useExtension(
        SessionDao.class,
        dao ->
            dao.insert(
                new NewSession(
                    id,
                    "coach-" + id,
                    "Title",
                    "file.mp3",
                    "sessions/" + id + "/upload",
                    1000,
                    "mp3/mp3",
                    engine,
                    "transcription-" + id,
                    120,
                    "queued",
                    clock.instant())));
    activities.registerChunks(
        id.toString(), List.of(new ChunkPlan(0, 0, 60), new ChunkPlan(1, 60, 120)));
  }

  @Test
  void theEstimatesShownAtTheStartAndAtHalfWayAreKeptOnceAndCopiedWithTheActualFinish() {
    clock.advance(Duration.ofSeconds(10));
    chunks.recordProgress(id.toString(), 0, 6, List.of());
    Instant firstReport = clock.instant();
    Instant shownAtStart = shownNow();
    assertThat(shownAtStart).isAfter(firstReport);
    assertThat(estimates()).containsExactly(shownAtStart, firstReport, null, null);

    clock.advance(Duration.ofSeconds(10));
    chunks.recordProgress(id.toString(), 0, 30, List.of());
    assertThat(estimates())
        .as("below half-way nothing changes: the start's estimate is kept once")
        .containsExactly(shownAtStart, firstReport, null, null);

    clock.advance(Duration.ofSeconds(10));
    chunks.storeChunk(id.toString(), 0, List.of(), engine, 25);
    clock.advance(Duration.ofSeconds(5));
    chunks.recordProgress(id.toString(), 1, 90, List.of());
    Instant halfReport = clock.instant();
    Instant shownAtHalf = shownNow();
    assertThat(row().progressFloor()).isGreaterThanOrEqualTo(50.0);
    assertThat(estimates()).containsExactly(shownAtStart, firstReport, shownAtHalf, halfReport);

    clock.advance(Duration.ofSeconds(5));
    chunks.recordProgress(id.toString(), 1, 110, List.of());
    assertThat(estimates()).containsExactly(shownAtStart, firstReport, shownAtHalf, halfReport);

    chunks.storeChunk(id.toString(), 1, List.of(), engine, 20);
    clock.advance(Duration.ofSeconds(3));
    activities.recordStatus(change(SessionStatus.COMPLETED, 1));

    List<OutcomeRow> outcomes = outcomes();
    assertThat(outcomes).hasSize(1);
    OutcomeRow done = outcomes.get(0);
    assertThat(done.status()).isEqualTo("completed");
    assertThat(done.coachId()).isEqualTo("coach-" + id);
    assertThat(done.engine()).isEqualTo(engine);
    assertThat(done.errorCode()).isNull();
    assertThat(done.attempt()).isEqualTo(1);
    assertThat(done.audioSeconds()).isEqualTo(120.0);
    assertThat(done.uploadedAt()).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    assertThat(done.startedAt()).isEqualTo(firstReport);
    assertThat(done.finishedAt()).isEqualTo(clock.instant());
    assertThat(done.processingSeconds()).isEqualTo(33.0);
    assertThat(done.engineSeconds()).isEqualTo(45.0);
    assertThat(done.etaAtStart()).isEqualTo(shownAtStart);
    assertThat(done.etaAtStartMadeAt()).isEqualTo(firstReport);
    assertThat(done.etaAtHalf()).isEqualTo(shownAtHalf);
    assertThat(done.etaAtHalfMadeAt()).isEqualTo(halfReport);
  }

  @Test
  void aFailureIsAnOutcomeAndARetryForgetsTheEstimatesButARestartKeepsThem() {
    clock.advance(Duration.ofSeconds(10));
    chunks.recordProgress(id.toString(), 0, 6, List.of());
    Instant shownAtStart = estimates().get(0);
    assertThat(shownAtStart).isNotNull();

    // Restarted after an interruption: the coach waited through it, the estimate stays.
    activities.recordStatus(change(SessionStatus.PENDING, 1));
    assertThat(estimates().get(0)).isEqualTo(shownAtStart);

    clock.advance(Duration.ofSeconds(10));
    chunks.recordProgress(id.toString(), 0, 12, List.of());
    clock.advance(Duration.ofSeconds(20));
    activities.recordStatus(
        new StatusChange(
            id.toString(),
            SessionStatus.FAILED,
            1,
            "engine died",
            ErrorCode.ENGINE_CRASH,
            "x",
            null));
    OutcomeRow failed = outcomes().get(0);
    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.errorCode()).isEqualTo("engine_crash");
    assertThat(failed.engineSeconds()).isNull();
    assertThat(failed.processingSeconds()).isEqualTo(20.0);

    clock.advance(Duration.ofHours(2));
    activities.recordStatus(change(SessionStatus.PENDING, 2));
    assertThat(estimates()).containsOnlyNulls();

    clock.advance(Duration.ofSeconds(5));
    chunks.recordProgress(id.toString(), 0, 20, List.of());
    Instant newStart = estimates().get(0);
    assertThat(newStart).isAfter(clock.instant());
    activities.recordStatus(change(SessionStatus.COMPLETED, 2));

    assertThat(outcomes())
        .extracting(OutcomeRow::status, OutcomeRow::attempt)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("failed", 1),
            org.assertj.core.groups.Tuple.tuple("completed", 2));
    assertThat(outcomes().get(1).etaAtStart()).isEqualTo(newStart);
  }

  @Test
  void outcomesAreReadByCoachAndRangeAndPruned() {
    activities.recordStatus(change(SessionStatus.PROCESSING, 1));
    clock.advance(Duration.ofSeconds(30));
    activities.recordStatus(change(SessionStatus.CANCELLED, 1));
    Instant finished = clock.instant();
    String coach = "coach-" + id;

    OutcomeDao dao = db.jdbi.onDemand(OutcomeDao.class);
    assertThat(dao.forCoach(coach, finished, finished.plusMillis(1)))
        .extracting(OutcomeRow::sessionId)
        .as("from is inclusive")
        .containsExactly(id);
    assertThat(dao.forCoach(coach, finished.minusSeconds(60), finished))
        .as("to is exclusive")
        .isEmpty();
    assertThat(dao.forCoach("someone-else", finished, finished.plusMillis(1))).isEmpty();
    assertThat(dao.forAll(finished, finished.plusMillis(1)))
        .extracting(OutcomeRow::sessionId)
        .contains(id);

    assertThat(dao.pruneBefore(finished)).isZero();
    assertThat(dao.pruneBefore(finished.plusMillis(1))).isPositive();
    assertThat(dao.forCoach(coach, finished, finished.plusMillis(1))).isEmpty();
  }

  /** The estimated finish a status poll shows right now. */
  private Instant shownNow() {
    EngineSpeedRow prior =
        db.jdbi.withExtension(EngineSpeedDao.class, dao -> dao.find(engine)).orElse(null);
    return estimator
        .estimate(SessionProgress.input(row(), prior, 0, 2, true))
        .estimatedCompletion();
  }

  private SessionRow row() {
    return db.jdbi.withExtension(SessionDao.class, dao -> dao.findById(id)).orElseThrow();
  }

  /** eta_at_start, eta_at_start_made_at, eta_at_half, eta_at_half_made_at. */
  private List<Instant> estimates() {
    return db.jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    """
                    SELECT eta_at_start, eta_at_start_made_at, eta_at_half, eta_at_half_made_at
                      FROM transcription_session WHERE id = :id
                    """)
                .bind("id", id)
                .map(
                    (rs, ctx) ->
                        java.util.Arrays.asList(
                            instant(rs, 1), instant(rs, 2), instant(rs, 3), instant(rs, 4)))
                .one());
  }

  private static Instant instant(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
    java.sql.Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }

  private List<OutcomeRow> outcomes() {
    return db.jdbi.withHandle(
        handle ->
            handle
                .createQuery(
                    "SELECT "
                        + OutcomeDao.COLUMNS
                        + " FROM session_outcome WHERE session_id = :id ORDER BY id")
                .bind("id", id)
                .registerRowMapper(
                    org.jdbi.v3.core.mapper.reflect.ConstructorMapper.factory(OutcomeRow.class))
                .mapTo(OutcomeRow.class)
                .list());
  }

  private StatusChange change(SessionStatus to, int attempt) {
    return StatusChange.to(id.toString(), to, attempt, "to " + to.wireName());
  }
}
