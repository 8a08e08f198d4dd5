package com.coachtrack.activities.sessions;

import com.coachtrack.activities.failures.Failures;
import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.activities.storage.StoredFile;
import com.coachtrack.store.CleanupDao;
import com.coachtrack.workflows.activities.CleanupActivities;
import com.coachtrack.workflows.activities.StorageSweep;
import com.coachtrack.workflows.status.ErrorCode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes finished sessions past the retention window (their files first, then their rows), and
 * sweeps the storage of files no session needs.
 */
public final class CleanupActivitiesImpl implements CleanupActivities {
  private static final Logger LOG = LoggerFactory.getLogger(CleanupActivitiesImpl.class);

  /** Bounds each transaction (and the row locks it holds while files are deleted). */
  private static final int BATCH_SIZE = 500;

  private static final List<String> PERMANENT_CODES =
      Arrays.stream(ErrorCode.values())
          .filter(code -> !code.retryable())
          .map(ErrorCode::wireName)
          .toList();

  private final Jdbi jdbi;
  private final BlobStore store;

  public CleanupActivitiesImpl(Jdbi jdbi, BlobStore store) {
    this.jdbi = jdbi;
    this.store = store;
  }

  @Override
  public int deleteSessionsOlderThan(long cutoffEpochMillis) {
    Instant cutoff = Instant.ofEpochMilli(cutoffEpochMillis);
    int deleted = 0;
    int batch;
    do {
      batch = deleteBatch(cutoff);
      deleted += batch;
    } while (batch == BATCH_SIZE);
    return deleted;
  }

  /**
   * Files go before rows: should the rows survive a failure, the next run finds the session again,
   * whereas files whose row is gone would never be found. Both failures are retryable; a rerun is
   * harmless.
   */
  private int deleteBatch(Instant cutoff) {
    try {
      return jdbi.inTransaction(
          handle -> {
            CleanupDao dao = handle.attach(CleanupDao.class);
            List<UUID> ids = dao.lockExpired(cutoff, BATCH_SIZE);
            if (ids.isEmpty()) {
              return 0;
            }
            for (UUID id : ids) {
              store.deleteAll(BlobStore.sessionPrefix(id.toString()));
            }
            return dao.delete(ids);
          });
    } catch (JdbiException e) {
      throw Failures.databaseFailure(e);
    } catch (IOException e) {
      throw Failures.storage("Session files could not be deleted", e);
    }
  }

  /**
   * One listing of the store, then per batch of sessions: files of sessions without a row go whole,
   * decoded audio of sessions done with it goes, and interrupted decodes ({@code *.partial}) go.
   * Files written after the cutoff are never touched but the decoded audio of a final session,
   * which nothing reads again.
   */
  @Override
  public StorageSweep sweepStorage(long cutoffEpochMillis) {
    Instant cutoff = Instant.ofEpochMilli(cutoffEpochMillis);
    Map<UUID, List<StoredFile>> bySession = new HashMap<>();
    try {
      for (StoredFile file : store.list(BlobStore.SESSIONS)) {
        UUID id = sessionId(file);
        if (id != null) {
          bySession.computeIfAbsent(id, key -> new ArrayList<>()).add(file);
        }
      }
    } catch (IOException e) {
      throw Failures.storage("The stored files could not be listed", e);
    }
    List<UUID> ids = new ArrayList<>(bySession.keySet());
    int orphans = 0;
    int decodedAudio = 0;
    for (int from = 0; from < ids.size(); from += BATCH_SIZE) {
      List<UUID> batch = ids.subList(from, Math.min(ids.size(), from + BATCH_SIZE));
      StorageSweep swept = sweepBatch(batch, bySession, cutoff);
      orphans += swept.orphanSessions();
      decodedAudio += swept.decodedAudio();
    }
    if (orphans > 0 || decodedAudio > 0) {
      LOG.info(
          "Storage sweep: removed the files of {} sessions without a row and the decoded audio of"
              + " {} finished sessions",
          orphans,
          decodedAudio);
    }
    return new StorageSweep(orphans, decodedAudio);
  }

  private StorageSweep sweepBatch(
      List<UUID> batch, Map<UUID, List<StoredFile>> bySession, Instant cutoff) {
    try {
      return jdbi.inTransaction(
          handle -> {
            CleanupDao dao = handle.attach(CleanupDao.class);
            Set<UUID> existing = new HashSet<>(dao.existing(batch));
            Set<UUID> doneWithAudio =
                new HashSet<>(dao.lockDoneWithDecodedAudio(batch, PERMANENT_CODES, cutoff));
            int orphans = 0;
            int decodedAudio = 0;
            for (UUID id : batch) {
              List<StoredFile> files = bySession.get(id);
              if (!existing.contains(id)) {
                if (files.stream().allMatch(file -> file.modified().isBefore(cutoff))) {
                  store.deleteAll(BlobStore.sessionPrefix(id.toString()));
                  orphans++;
                }
                continue;
              }
              for (StoredFile file : files) {
                boolean pcm = BlobStore.PCM_NAME.equals(file.name());
                if (pcm && doneWithAudio.contains(id)) {
                  store.deleteAll(file.key());
                  decodedAudio++;
                } else if (file.name().endsWith(".partial") && file.modified().isBefore(cutoff)) {
                  store.deleteAll(file.key());
                }
              }
            }
            return new StorageSweep(orphans, decodedAudio);
          });
    } catch (JdbiException e) {
      throw Failures.databaseFailure(e);
    } catch (IOException e) {
      throw Failures.storage("Stored files could not be swept", e);
    }
  }

  private static UUID sessionId(StoredFile file) {
    String id = file.sessionId();
    if (id == null) {
      return null;
    }
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      // Not ours to judge: nothing writes such keys, so whoever did may still want them.
      return null;
    }
  }
}
