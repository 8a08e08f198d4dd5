package com.coachtrack.activities.sessions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.coachtrack.activities.failures.Failures;
import com.coachtrack.activities.storage.LocalBlobStore;
import com.coachtrack.activities.testing.Tmpfs;
import com.coachtrack.store.NewSession;
import com.coachtrack.store.SessionDao;
import com.coachtrack.store.Store;
import com.coachtrack.store.TestDatabase;
import com.coachtrack.workflows.activities.ChunkPlan;
import com.coachtrack.workflows.activities.Word;
import com.coachtrack.workflows.progress.ProgressEstimator;
import com.coachtrack.workflows.status.ErrorCode;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PostgreSQL running out of disk while a transcript is stored, for real: the transcript tables live
 * in a tablespace on a 1 MB tmpfs that is full. The coach must see a retryable storage error (our
 * side, retry later), and the workflow must not mistake it for an outage to wait out silently.
 */
class DatabaseDiskFullTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

  private static TestDatabase db;
  private static Tmpfs disk;

  @TempDir Path dataDir;

  @BeforeAll
  static void databaseWithItsTranscriptsOnASmallDisk() throws Exception {
    disk = Tmpfs.mount(1024 * 1024).orElse(null);
    assumeTrue(disk != null, "mounting a tmpfs needs root");
    db = new TestDatabase();
    Path space = Files.createDirectory(disk.dir().resolve("tablespace"));
    db.jdbi.useHandle(
        handle -> {
          handle.execute("CREATE TABLESPACE small LOCATION '" + space + "'");
          handle.execute("ALTER TABLE transcript SET TABLESPACE small");
          handle.execute("ALTER TABLE session_chunk SET TABLESPACE small");
        });
  }

  @AfterAll
  static void stop() throws IOException {
    if (db != null) {
      db.close();
    }
    if (disk != null) {
      disk.close();
    }
  }

  @Test
  void storingWordsOnAFullDiskIsARetryableStorageError() {
    Store store = new Store(db.jdbi, CLOCK, new ProgressEstimator(CLOCK), 2);
    SessionActivitiesImpl activities =
        new SessionActivitiesImpl(store, CLOCK, new LocalBlobStore(dataDir));
    UUID id = session();
    activities.registerChunks(
        id.toString(), List.of(new ChunkPlan(0, 0, 300), new ChunkPlan(1, 300, 600)));
    store.chunks().storeChunk(id.toString(), 0, manyWords(0), "sphinx4", 60);
    Path filler = disk.fillUp();

    // A chunk's words (TranscribeActivitiesImpl stores them through Failures.database) ...
    ApplicationFailure chunkFailure =
        catchThrowableOfType(
            () ->
                Failures.database(
                    () ->
                        store.chunks().storeChunk(id.toString(), 1, manyWords(300), "sphinx4", 60)),
            ApplicationFailure.class);
    assertThat(chunkFailure.getType()).isEqualTo(ErrorCode.STORAGE_ERROR.failureType());
    assertThat(chunkFailure.isNonRetryable()).isFalse();
    assertThat(chunkFailure.getOriginalMessage()).contains("No space left on device");

    // ... and the assembled transcript alike.
    try {
      Files.delete(filler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store.chunks().storeChunk(id.toString(), 1, manyWords(300), "sphinx4", 60);
    disk.fillUp();
    ApplicationFailure transcriptFailure =
        catchThrowableOfType(
            () -> activities.assembleTranscript(id.toString()), ApplicationFailure.class);
    assertThat(transcriptFailure.getType()).isEqualTo(ErrorCode.STORAGE_ERROR.failureType());
    assertThat(transcriptFailure.isNonRetryable()).isFalse();
  }

  /** Four minutes of talk whose text does not compress to nothing. */
  private static List<Word> manyWords(double from) {
    Random random = new Random(13 + (long) from);
    List<Word> words = new ArrayList<>();
    for (int i = 0; i < 8_000; i++) {
      StringBuilder text = new StringBuilder();
      for (int c = 0; c < 8; c++) {
        text.append((char) ('a' + random.nextInt(26)));
      }
      words.add(
          new Word(text.toString(), from + i * 0.03, from + i * 0.03 + 0.02, random.nextDouble()));
    }
    return words;
  }

  private static UUID session() {
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
                    600,
                    "queued",
                    CLOCK.instant())));
    return id;
  }
}
