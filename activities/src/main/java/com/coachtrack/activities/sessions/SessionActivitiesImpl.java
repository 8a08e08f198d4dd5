package com.coachtrack.activities.sessions;

import com.coachtrack.activities.failures.Failures;
import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.store.ChunksMissingException;
import com.coachtrack.store.SessionDao;
import com.coachtrack.store.SessionNotFoundException;
import com.coachtrack.store.SessionStatusWriter;
import com.coachtrack.store.Store;
import com.coachtrack.store.TranscriptStore;
import com.coachtrack.workflows.activities.ChunkPlan;
import com.coachtrack.workflows.activities.ChunkState;
import com.coachtrack.workflows.activities.SessionActivities;
import com.coachtrack.workflows.activities.StatusChange;
import com.coachtrack.workflows.activities.TranscriptSummary;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.FailureTypes;
import com.coachtrack.workflows.status.IllegalTransitionException;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workflow's bookkeeping in PostgreSQL, and the decoded audio's end: a session that reaches a
 * final state gives its PCM back at once.
 */
public final class SessionActivitiesImpl implements SessionActivities {
  private static final Logger LOG = LoggerFactory.getLogger(SessionActivitiesImpl.class);

  private final Jdbi jdbi;
  private final Clock clock;
  private final SessionStatusWriter statusWriter;
  private final TranscriptStore transcripts;
  private final BlobStore blobs;

  public SessionActivitiesImpl(Store store, Clock clock, BlobStore blobs) {
    this.jdbi = store.jdbi();
    this.clock = clock;
    this.statusWriter = store.statusWriter();
    this.transcripts = store.transcripts();
    this.blobs = blobs;
  }

  @Override
  public void recordStatus(StatusChange change) {
    guarded(() -> statusWriter.apply(change));
    if (change.endsTheWork()) {
      releaseDecodedAudio(change.sessionId());
    }
  }

  /**
   * The decoded audio is 32 KB per second of recording (about 350 MB for a 3-hour one) and can be
   * made again from the upload, which stays for Retry until retention. Best effort: the status is
   * recorded either way, and the daily storage sweep removes what a failed delete left.
   */
  private void releaseDecodedAudio(String sessionId) {
    try {
      blobs.deleteAll(BlobStore.pcmKey(sessionId));
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Session {}: could not delete the decoded audio yet, the storage sweep will: {}",
          sessionId,
          e.toString());
    }
  }

  @Override
  public void recordDuration(String sessionId, double durationSeconds) {
    UUID id = UUID.fromString(sessionId);
    guarded(
        () -> {
          jdbi.useExtension(
              SessionDao.class, dao -> dao.updateDuration(id, durationSeconds, clock.instant()));
          return null;
        });
  }

  @Override
  public List<ChunkState> registerChunks(String sessionId, List<ChunkPlan> plan) {
    return guarded(() -> transcripts.registerPlan(UUID.fromString(sessionId), plan));
  }

  @Override
  public TranscriptSummary assembleTranscript(String sessionId) {
    try {
      return guarded(() -> transcripts.assemble(UUID.fromString(sessionId)));
    } catch (ChunksMissingException e) {
      throw ApplicationFailure.newFailure(e.getMessage(), ErrorCode.ENGINE_CRASH.failureType());
    }
  }

  /**
   * Database outages are retried by Temporal; a vanished session or a forbidden transition is not.
   */
  private static <T> T guarded(Supplier<T> work) {
    try {
      return Failures.database(work);
    } catch (SessionNotFoundException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), FailureTypes.SESSION_GONE);
    } catch (IllegalTransitionException e) {
      throw ApplicationFailure.newNonRetryableFailure(
          e.getMessage(), FailureTypes.ILLEGAL_TRANSITION);
    }
  }
}
