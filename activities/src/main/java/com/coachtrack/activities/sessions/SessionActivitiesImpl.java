package com.coachtrack.activities.sessions;

import com.coachtrack.activities.failures.Failures;
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
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/** The workflow's bookkeeping in PostgreSQL. */
public final class SessionActivitiesImpl implements SessionActivities {
  private final Jdbi jdbi;
  private final Clock clock;
  private final SessionStatusWriter statusWriter;
  private final TranscriptStore transcripts;

  public SessionActivitiesImpl(Store store, Clock clock) {
    this.jdbi = store.jdbi();
    this.clock = clock;
    this.statusWriter = store.statusWriter();
    this.transcripts = store.transcripts();
  }

  @Override
  public void recordStatus(StatusChange change) {
    guarded(() -> statusWriter.apply(change));
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
