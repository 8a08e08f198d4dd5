package com.coachtrack.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.activities.sessions.SessionActivitiesImpl;
import com.coachtrack.activities.storage.LocalBlobStore;
import com.coachtrack.workflows.activities.ChunkPlan;
import com.coachtrack.workflows.activities.StatusChange;
import com.coachtrack.workflows.activities.Word;
import com.coachtrack.workflows.progress.ProgressEstimator;
import com.coachtrack.workflows.status.SessionStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session's version and the notifications every change sends (the trigger of changeSet
 * 2026-12-create-session-changed-trigger), heard by the real {@link SessionChangeListener}, and the
 * partial transcript, against a real PostgreSQL with the real schema.
 */
class SessionChangesTest {
  private static TestDatabase db;

  /** A second passes between any two readings, so every write really changes the row. */
  private final Clock clock = new SteppingClock(Instant.parse("2026-12-01T10:00:00Z"));

  private Store store;
  @TempDir Path dataDir;
  private SessionActivitiesImpl activities;
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
    store = new Store(db.jdbi, clock, new ProgressEstimator(clock), 2);
    activities = new SessionActivitiesImpl(store, clock, new LocalBlobStore(dataDir));
    id = UUID.randomUUID();
    store
        .statusWriter()
        .create(
            new NewSession(
                id,
                "coach-" + id,
                "Title",
                "file.mp3",
                "sessions/" + id + "/upload",
                1000,
                "mp3/mp3",
                "test",
                "transcription-" + id,
                90,
                "queued",
                clock.instant()));
  }

  private SessionRow row() {
    return db.jdbi.withExtension(SessionDao.class, dao -> dao.findById(id)).orElseThrow();
  }

  @Test
  void everyWriteOfTheRowTakesAHigherVersionAndAWriteThatChangesNothingNone() {
    List<Long> versions = new ArrayList<>();
    versions.add(row().version());
    activities.registerChunks(
        id.toString(),
        List.of(new ChunkPlan(0, 0, 30), new ChunkPlan(1, 30, 60), new ChunkPlan(2, 60, 90)));
    versions.add(row().version());
    assertThat(row().chunksTotal()).isEqualTo(3);
    store.chunks().recordProgress(id.toString(), 0, 10, List.of());
    versions.add(row().version());
    store.chunks().recordAlive(id.toString());
    versions.add(row().version());
    store.chunks().storeChunk(id.toString(), 0, List.of(new Word("hello", 1, 2, 1)), "test", 3);
    versions.add(row().version());
    assertThat(row().chunksDone()).isEqualTo(1);
    store
        .statusWriter()
        .apply(StatusChange.to(id.toString(), SessionStatus.CANCELLED, 1, "cancelled"));
    versions.add(row().version());
    assertThat(versions).doesNotHaveDuplicates().isSortedAccordingTo(Long::compare);

    long before = row().version();
    db.jdbi.useExtension(SessionDao.class, dao -> dao.raiseProgressFloor(id, 0));
    assertThat(row().version()).as("an UPDATE that changes nothing").isEqualTo(before);
  }

  @Test
  void theListenerHearsOneNotificationPerCommittedChangeAndComesBackAfterLosingItsConnection()
      throws Exception {
    Heard heard = new Heard();
    try (SessionChangeListener listener =
        new SessionChangeListener(
            db::connection, heard, Duration.ofMillis(50), Duration.ofMillis(200))) {
      listener.start();
      assertThat(heard.listening.poll(10, TimeUnit.SECONDS)).isFalse();
      assertThat(listener.listening()).isTrue();

      // A progress report touches the row several times in one transaction: one notification.
      activities.registerChunks(id.toString(), List.of(new ChunkPlan(0, 0, 90)));
      assertThat(heard.next()).isEqualTo(id + " coach-" + id);
      store.chunks().recordProgress(id.toString(), 0, 10, List.of());
      assertThat(heard.next()).isEqualTo(id + " coach-" + id);
      assertThat(heard.changes.poll(500, TimeUnit.MILLISECONDS))
          .as("nothing more for that one transaction")
          .isNull();

      // A change that is rolled back is never told.
      try {
        db.jdbi.useTransaction(
            handle -> {
              handle.attach(SessionDao.class).markWorkerSeen(id, clock.instant().plusSeconds(1));
              throw new IllegalStateException("rolled back");
            });
      } catch (IllegalStateException expected) {
        // as intended
      }
      assertThat(heard.changes.poll(500, TimeUnit.MILLISECONDS)).isNull();

      // The listening connection dies (a database restart, a network cut): it is opened again, and
      // the handler is told that what was sent meanwhile is lost.
      try (Connection admin = db.connection();
          Statement kill = admin.createStatement()) {
        kill.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid()"
                + " AND (query LIKE 'LISTEN %' OR query = 'SELECT 1')");
      }
      assertThat(heard.lost.poll(10, TimeUnit.SECONDS)).isNotNull();
      assertThat(heard.listening.poll(10, TimeUnit.SECONDS)).as("after the loss").isTrue();
      store.chunks().recordProgress(id.toString(), 0, 20, List.of());
      assertThat(heard.next()).isEqualTo(id + " coach-" + id);
    }
  }

  @Test
  void aPartialTranscriptHasTheFinishedChunksWordsAndSaysWhatIsStillMissing() {
    assertThat(store.transcripts().partial(id, 90))
        .as("before the plan is stored, all of it is missing")
        .satisfies(
            p -> {
              assertThat(p.words()).isEmpty();
              assertThat(p.covered()).isEmpty();
              assertThat(p.missing()).containsExactly(new TimeRange(0, 90));
            });
    activities.registerChunks(
        id.toString(),
        List.of(
            new ChunkPlan(0, 0, 30),
            new ChunkPlan(1, 30, 60),
            new ChunkPlan(2, 60, 75),
            new ChunkPlan(3, 75, 90)));
    store.chunks().storeChunk(id.toString(), 2, List.of(new Word("later", 61, 62, 1)), "test", 3);
    store.chunks().storeChunk(id.toString(), 0, List.of(new Word("first", 1, 2, 1)), "test", 3);
    store.chunks().storeChunk(id.toString(), 3, List.of(new Word("last", 80, 81, 1)), "test", 3);

    PartialTranscript partial = store.transcripts().partial(id, 90);
    assertThat(partial.words()).extracting(Word::text).containsExactly("first", "later", "last");
    assertThat(partial.covered()).containsExactly(new TimeRange(0, 30), new TimeRange(60, 90));
    assertThat(partial.missing()).containsExactly(new TimeRange(30, 60));
    assertThat(partial.coveredSeconds()).isEqualTo(60.0);
    assertThat(partial.chunksDone()).isEqualTo(3);
    assertThat(partial.chunksTotal()).isEqualTo(4);
    assertThat(row().chunksDone()).isEqualTo(3);
  }

  private static final class SteppingClock extends Clock {
    private Instant now;

    SteppingClock(Instant start) {
      this.now = start;
    }

    @Override
    public synchronized Instant instant() {
      now = now.plusSeconds(1);
      return now;
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

  /** What the listener told, in order. */
  private static final class Heard implements SessionChangeHandler {
    final BlockingQueue<String> changes = new LinkedBlockingQueue<>();
    final BlockingQueue<Boolean> listening = new LinkedBlockingQueue<>();
    final BlockingQueue<Exception> lost = new LinkedBlockingQueue<>();

    @Override
    public void changed(UUID sessionId, String coachId) {
      changes.add(sessionId + " " + coachId);
    }

    @Override
    public void listening(boolean afterLoss) {
      listening.add(afterLoss);
    }

    @Override
    public void lost(Exception cause) {
      lost.add(cause);
    }

    String next() throws InterruptedException {
      String change = changes.poll(10, TimeUnit.SECONDS);
      assertThat(change).as("a notification within 10 s").isNotNull();
      return change;
    }
  }
}
