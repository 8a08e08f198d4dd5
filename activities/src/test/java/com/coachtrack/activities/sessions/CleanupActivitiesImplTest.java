package com.coachtrack.activities.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.activities.storage.LocalBlobStore;
import com.coachtrack.activities.storage.StoredFile;
import com.coachtrack.store.ChunkDao;
import com.coachtrack.store.ChunkRow;
import com.coachtrack.store.HistoryDao;
import com.coachtrack.store.HistoryRow;
import com.coachtrack.store.NewSession;
import com.coachtrack.store.SessionDao;
import com.coachtrack.store.SessionRow;
import com.coachtrack.store.Store;
import com.coachtrack.store.TestDatabase;
import com.coachtrack.store.TranscriptDao;
import com.coachtrack.store.WordsJson;
import com.coachtrack.workflows.activities.StatusChange;
import com.coachtrack.workflows.activities.StorageSweep;
import com.coachtrack.workflows.activities.Word;
import com.coachtrack.workflows.progress.ProgressEstimator;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.SessionStatus;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention against a real PostgreSQL with the real schema (its cascades) and real files. */
class CleanupActivitiesImplTest {
  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final long CUTOFF = NOW.minus(Duration.ofDays(30)).toEpochMilli();

  private static TestDatabase db;

  @TempDir Path dataDir;
  private LocalBlobStore store;
  private CleanupActivitiesImpl cleanup;

  @BeforeAll
  static void startDatabase() throws Exception {
    db = new TestDatabase();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    db.close();
  }

  @BeforeEach
  void emptyStore() {
    db.jdbi.useHandle(handle -> handle.execute("TRUNCATE transcription_session CASCADE"));
    store = new LocalBlobStore(dataDir);
    cleanup = new CleanupActivitiesImpl(db.jdbi, store);
  }

  @Test
  void deletesOldFinishedSessionsWithEverythingTheyOwnAndKeepsTheRest() throws IOException {
    UUID oldCompleted = session(daysAgo(60));
    move(oldCompleted, SessionStatus.PROCESSING, daysAgo(60));
    move(oldCompleted, SessionStatus.COMPLETED, daysAgo(59));
    db.jdbi.useExtension(
        ChunkDao.class, dao -> dao.insertPlanned(oldCompleted, 0, 0, 60, daysAgo(60)));
    db.jdbi.useExtension(
        TranscriptDao.class,
        dao ->
            dao.upsert(
                oldCompleted, WordsJson.write(List.of(new Word("hi", 0, 1, 0.9))), 1, daysAgo(59)));
    UUID oldFailed = session(daysAgo(50));
    move(oldFailed, SessionStatus.FAILED, daysAgo(40)); // still waiting for a Retry nobody pressed
    UUID oldCancelledWithoutFinishTime = session(daysAgo(45));
    move(oldCancelledWithoutFinishTime, SessionStatus.CANCELLED, daysAgo(45));
    db.jdbi.useHandle(
        handle ->
            handle.execute(
                "UPDATE transcription_session SET finished_at = NULL WHERE id = ?",
                oldCancelledWithoutFinishTime));

    UUID finishedRecently = session(daysAgo(60));
    move(finishedRecently, SessionStatus.PROCESSING, daysAgo(60));
    move(finishedRecently, SessionStatus.COMPLETED, daysAgo(2));
    UUID oldProcessing = session(daysAgo(60));
    move(oldProcessing, SessionStatus.PROCESSING, daysAgo(59));
    UUID oldPending = session(daysAgo(60));

    int deleted = cleanup.deleteSessionsOlderThan(CUTOFF);

    assertThat(deleted).isEqualTo(3);
    for (UUID gone : List.of(oldCompleted, oldFailed, oldCancelledWithoutFinishTime)) {
      assertThat(row(gone)).as("session %s", gone).isNull();
      assertThat(history(gone)).isEmpty();
      assertThat(Files.exists(dataDir.resolve(BlobStore.sessionPrefix(gone.toString())))).isFalse();
    }
    List<ChunkRow> chunks =
        db.jdbi.withExtension(ChunkDao.class, dao -> dao.forSession(oldCompleted));
    assertThat(chunks).isEmpty();
    Optional<String> transcript =
        db.jdbi.withExtension(TranscriptDao.class, dao -> dao.wordsJson(oldCompleted));
    assertThat(transcript).isEmpty();

    for (UUID kept : List.of(finishedRecently, oldProcessing, oldPending)) {
      assertThat(row(kept)).as("session %s", kept).isNotNull();
      assertThat(store.exists(BlobStore.uploadKey(kept.toString()))).isTrue();
    }
    assertThat(history(oldProcessing))
        .extracting(HistoryRow::toStatus)
        .containsExactly("processing");
    assertThat(row(oldProcessing).status()).isEqualTo("processing");

    assertThat(cleanup.deleteSessionsOlderThan(CUTOFF)).as("a second run finds nothing").isZero();
  }

  @Test
  void deletesABacklogLargerThanOneBatch() {
    int backlog = 1_001; // more than two batches of 500
    db.jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    """
                    INSERT INTO transcription_session (id, coach_id, title, original_filename, source_key,
                        size_bytes, format, engine, workflow_id, status, attempt, duration_total, created_at,
                        updated_at, finished_at)
                    SELECT md5('backlog-' || n)::uuid, 'coach', 'Old', 'old.mp3', 'sessions/x/upload', 1,
                        'mp3/mp3', 'sphinx4', 'transcription-' || n, 'completed', 1, 60, :at, :at, :at
                      FROM generate_series(1, :count) AS n
                    """)
                .bind("at", daysAgo(90))
                .bind("count", backlog)
                .execute());
    UUID recent = session(daysAgo(1));

    assertThat(cleanup.deleteSessionsOlderThan(CUTOFF)).isEqualTo(backlog);
    List<UUID> left =
        db.jdbi.withHandle(
            handle ->
                handle.select("SELECT id FROM transcription_session").mapTo(UUID.class).list());
    assertThat(left).containsExactly(recent);
  }

  @Test
  void anUnreachableDatabaseIsARetryableDatabaseError() {
    Jdbi unreachable = Jdbi.create("jdbc:postgresql://127.0.0.1:1/none?connectTimeout=2", "x", "x");
    CleanupActivitiesImpl broken = new CleanupActivitiesImpl(unreachable, store);

    assertThatThrownBy(() -> broken.deleteSessionsOlderThan(CUTOFF))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(ErrorCode.DATABASE_ERROR.failureType());
              assertThat(failure.isNonRetryable()).isFalse();
            });
  }

  @Test
  void theSweepRemovesOrphansAndDecodedAudioNothingWillReadAndSparesTheRest() throws IOException {
    Instant cutoff = NOW.minus(Duration.ofDays(1));
    UUID oldOrphan = UUID.randomUUID();
    storeFile(BlobStore.uploadKey(oldOrphan.toString()));
    storeFile(BlobStore.pcmKey(oldOrphan.toString()));
    age(oldOrphan, cutoff.minus(Duration.ofHours(1)));
    UUID youngOrphan = UUID.randomUUID(); // an upload stored a moment before its row
    storeFile(BlobStore.uploadKey(youngOrphan.toString()));
    age(youngOrphan, cutoff.plus(Duration.ofHours(1)));

    UUID completed = session(daysAgo(3));
    move(completed, SessionStatus.PROCESSING, daysAgo(3));
    move(completed, SessionStatus.COMPLETED, daysAgo(3));
    UUID cancelled = session(daysAgo(2));
    move(cancelled, SessionStatus.CANCELLED, NOW);
    UUID corrupt = session(NOW);
    fail(corrupt, ErrorCode.CORRUPT_AUDIO, NOW);
    UUID failedLongAgo = session(daysAgo(5));
    fail(failedLongAgo, ErrorCode.STORAGE_ERROR, daysAgo(4));
    UUID failedRecently = session(daysAgo(5));
    fail(failedRecently, ErrorCode.STORAGE_ERROR, NOW.minus(Duration.ofHours(2)));
    UUID processing = session(daysAgo(3));
    move(processing, SessionStatus.PROCESSING, daysAgo(3));
    Path oldPartial = partial(processing, cutoff.minus(Duration.ofHours(1)));
    Path youngPartial = partial(processing, cutoff.plus(Duration.ofHours(1)));
    Path notASession = Files.createDirectories(dataDir.resolve("sessions/readme"));
    Files.writeString(notASession.resolve("note.txt"), "not ours");
    Files.setLastModifiedTime(
        notASession.resolve("note.txt"), FileTime.from(cutoff.minus(Duration.ofDays(9))));

    StorageSweep swept = cleanup.sweepStorage(cutoff.toEpochMilli());

    assertThat(swept).isEqualTo(new StorageSweep(1, 4));
    assertThat(dataDir.resolve(BlobStore.sessionPrefix(oldOrphan.toString()))).doesNotExist();
    assertThat(store.exists(BlobStore.uploadKey(youngOrphan.toString()))).isTrue();
    for (UUID done : List.of(completed, cancelled, corrupt, failedLongAgo)) {
      assertThat(store.exists(BlobStore.pcmKey(done.toString()))).as("pcm of %s", done).isFalse();
      assertThat(store.exists(BlobStore.uploadKey(done.toString())))
          .as("the upload stays for Retry until retention")
          .isTrue();
    }
    for (UUID needed : List.of(failedRecently, processing)) {
      assertThat(store.exists(BlobStore.pcmKey(needed.toString())))
          .as("pcm of %s", needed)
          .isTrue();
    }
    assertThat(oldPartial).doesNotExist();
    assertThat(youngPartial).exists();
    assertThat(notASession.resolve("note.txt")).exists();
    assertThat(cleanup.sweepStorage(cutoff.toEpochMilli()))
        .as("a second sweep finds nothing")
        .isEqualTo(StorageSweep.none());
  }

  @Test
  void aSweepThatCannotListTheStorageIsARetryableStorageError() throws IOException {
    Files.createDirectories(dataDir.resolve("sessions"));
    BlobStore unreadable =
        new BlobStore() {
          @Override
          public Path localCopy(String key) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void put(String key, Path file) {
            throw new UnsupportedOperationException();
          }

          @Override
          public boolean exists(String key) {
            return false;
          }

          @Override
          public void deleteAll(String prefix) {}

          @Override
          public List<StoredFile> list(String prefix) throws IOException {
            throw new IOException("Could not list sessions/ (bucket storage): Connection refused");
          }
        };
    CleanupActivitiesImpl broken = new CleanupActivitiesImpl(db.jdbi, unreadable);

    assertThatThrownBy(() -> broken.sweepStorage(NOW.toEpochMilli()))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(ErrorCode.STORAGE_ERROR.failureType());
              assertThat(failure.isNonRetryable()).isFalse();
            });
  }

  private void age(UUID session, Instant modified) throws IOException {
    for (StoredFile file : store.list(BlobStore.sessionPrefix(session.toString()))) {
      Files.setLastModifiedTime(dataDir.resolve(file.key()), FileTime.from(modified));
    }
  }

  /** A decode's partial output, as a crashed worker leaves it beside the upload. */
  private Path partial(UUID session, Instant modified) throws IOException {
    Path dir = dataDir.resolve(BlobStore.sessionPrefix(session.toString()));
    Path partial = Files.createTempFile(dir, "audio-", ".pcm.partial");
    Files.setLastModifiedTime(partial, FileTime.from(modified));
    return partial;
  }

  private static void fail(UUID id, ErrorCode code, Instant at) {
    Clock clock = Clock.fixed(at, ZoneOffset.UTC);
    new Store(db.jdbi, clock, new ProgressEstimator(clock), 2)
        .statusWriter()
        .apply(
            new StatusChange(
                id.toString(), SessionStatus.FAILED, 1, code.userMessage(), code, "test", null));
  }

  private static Instant daysAgo(int days) {
    return NOW.minus(Duration.ofDays(days));
  }

  /** A pending session created at the given time, with an upload and decoded audio on disk. */
  private UUID session(Instant createdAt) {
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
                    BlobStore.uploadKey(id.toString()),
                    1000,
                    "mp3/mp3",
                    "sphinx4",
                    "transcription-" + id,
                    120,
                    "queued",
                    createdAt)));
    storeFile(BlobStore.uploadKey(id.toString()));
    storeFile(BlobStore.pcmKey(id.toString()));
    return id;
  }

  private void storeFile(String key) {
    try {
      Path file = Files.writeString(Files.createTempFile(dataDir, "blob", ".tmp"), key);
      store.put(key, file);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Goes through the real status writer, so the history rows are the ones production writes. */
  private static void move(UUID id, SessionStatus to, Instant at) {
    Clock clock = Clock.fixed(at, ZoneOffset.UTC);
    new Store(db.jdbi, clock, new ProgressEstimator(clock), 2)
        .statusWriter()
        .apply(StatusChange.to(id.toString(), to, 1, "to " + to.wireName()));
  }

  private static SessionRow row(UUID id) {
    return db.jdbi.withExtension(SessionDao.class, dao -> dao.findById(id)).orElse(null);
  }

  private static List<HistoryRow> history(UUID id) {
    return db.jdbi.withExtension(HistoryDao.class, dao -> dao.forSession(id));
  }
}
