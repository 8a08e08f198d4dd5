package com.coachtrack.activities.sessions;

import com.coachtrack.activities.failures.Failures;
import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.store.CleanupDao;
import com.coachtrack.workflows.activities.CleanupActivities;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** Deletes finished sessions past the retention window: their files first, then their rows. */
public final class CleanupActivitiesImpl implements CleanupActivities {
  /** Bounds each transaction (and the row locks it holds while files are deleted). */
  private static final int BATCH_SIZE = 500;

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
}
