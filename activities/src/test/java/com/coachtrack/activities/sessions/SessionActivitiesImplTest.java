package com.coachtrack.activities.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.activities.storage.LocalBlobStore;
import com.coachtrack.activities.storage.StoredFile;
import com.coachtrack.store.NewSession;
import com.coachtrack.store.SessionDao;
import com.coachtrack.store.Store;
import com.coachtrack.store.TestDatabase;
import com.coachtrack.workflows.activities.StatusChange;
import com.coachtrack.workflows.progress.ProgressEstimator;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.SessionStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Decoded audio is given back when a session is done with it, against a real PostgreSQL and real
 * files: the upload stays (Retry and retention need it), the PCM of a session that can still be
 * retried stays (a Retry skips decoding).
 */
class SessionActivitiesImplTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
  private static TestDatabase db;

  @TempDir Path dataDir;
  private LocalBlobStore blobs;
  private SessionActivitiesImpl activities;
  private String id;

  @BeforeAll
  static void startDatabase() throws Exception {
    db = new TestDatabase();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    db.close();
  }

  @BeforeEach
  void decodedSession() throws IOException {
    blobs = new LocalBlobStore(dataDir);
    activities =
        new SessionActivitiesImpl(
            new Store(db.jdbi, CLOCK, new ProgressEstimator(CLOCK), 2), CLOCK, blobs);
    UUID session = UUID.randomUUID();
    id = session.toString();
    db.jdbi.useExtension(
        SessionDao.class,
        dao ->
            dao.insert(
                new NewSession(
                    session,
                    "coach",
                    "Title",
                    "file.mp3",
                    BlobStore.uploadKey(id),
                    1000,
                    "mp3/mp3",
                    "sphinx4",
                    "transcription-" + id,
                    120,
                    "queued",
                    CLOCK.instant())));
    store(BlobStore.uploadKey(id));
    store(BlobStore.pcmKey(id));
    activities.recordStatus(StatusChange.to(id, SessionStatus.PROCESSING, 1, "working"));
  }

  @Test
  void completingGivesTheDecodedAudioBackAndKeepsTheUpload() throws IOException {
    activities.recordStatus(StatusChange.to(id, SessionStatus.COMPLETED, 1, "done"));

    assertThat(blobs.exists(BlobStore.pcmKey(id))).isFalse();
    assertThat(blobs.exists(BlobStore.uploadKey(id))).isTrue();
  }

  @Test
  void cancellingGivesTheDecodedAudioBack() {
    activities.recordStatus(StatusChange.to(id, SessionStatus.CANCELLED, 1, "cancelled"));

    assertThat(blobs.exists(BlobStore.pcmKey(id))).isFalse();
    assertThat(blobs.exists(BlobStore.uploadKey(id))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(ErrorCode.class)
  void aFailureGivesItBackOnlyWhenNoRetryCanFollow(ErrorCode code) {
    activities.recordStatus(
        new StatusChange(id, SessionStatus.FAILED, 1, code.userMessage(), code, "detail", null));

    assertThat(blobs.exists(BlobStore.pcmKey(id)))
        .as("decoded audio kept after %s", code.wireName())
        .isEqualTo(code.retryable());
    assertThat(blobs.exists(BlobStore.uploadKey(id))).isTrue();
  }

  @Test
  void aStatusIsRecordedEvenWhenTheAudioCannotBeDeletedYet() {
    BlobStore unreachable =
        new BlobStore() {
          @Override
          public Path localCopy(String key) throws IOException {
            return blobs.localCopy(key);
          }

          @Override
          public void put(String key, Path file) throws IOException {
            blobs.put(key, file);
          }

          @Override
          public boolean exists(String key) {
            return blobs.exists(key);
          }

          @Override
          public void deleteAll(String prefix) throws IOException {
            throw new IOException("Could not delete " + prefix + " (bucket storage): timed out");
          }

          @Override
          public List<StoredFile> list(String prefix) throws IOException {
            return blobs.list(prefix);
          }
        };
    new SessionActivitiesImpl(
            new Store(db.jdbi, CLOCK, new ProgressEstimator(CLOCK), 2), CLOCK, unreachable)
        .recordStatus(StatusChange.to(id, SessionStatus.COMPLETED, 1, "done"));

    String status =
        db.jdbi
            .withExtension(SessionDao.class, dao -> dao.findById(UUID.fromString(id)))
            .orElseThrow()
            .status();
    assertThat(status).isEqualTo("completed");
    assertThat(blobs.exists(BlobStore.pcmKey(id))).as("left for the storage sweep").isTrue();
  }

  private void store(String key) throws IOException {
    Path file = Files.writeString(Files.createTempFile(dataDir, "blob", ".tmp"), key);
    blobs.put(key, file);
  }
}
