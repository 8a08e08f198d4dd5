package com.coachtrack.activities.sessions;

import com.coachtrack.store.ChunkDao;
import com.coachtrack.store.ChunkRow;
import com.coachtrack.store.SessionDao;
import com.coachtrack.store.SessionNotFoundException;
import com.coachtrack.store.SessionStatusWriter;
import com.coachtrack.store.StoredChunkRow;
import com.coachtrack.store.TranscriptDao;
import com.coachtrack.store.WordsJson;
import com.coachtrack.workflows.activities.ChunkPlan;
import com.coachtrack.workflows.activities.ChunkState;
import com.coachtrack.workflows.activities.SessionActivities;
import com.coachtrack.workflows.activities.StatusChange;
import com.coachtrack.workflows.activities.TranscriptSummary;
import com.coachtrack.workflows.activities.Word;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.IllegalTransitionException;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/** The workflow's bookkeeping in PostgreSQL. */
public final class SessionActivitiesImpl implements SessionActivities {
  static final String SESSION_GONE = "coachtrack.session_gone";
  static final String ILLEGAL_TRANSITION = "coachtrack.illegal_transition";

  private final Jdbi jdbi;
  private final Clock clock;
  private final SessionStatusWriter statusWriter;

  public SessionActivitiesImpl(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.statusWriter = new SessionStatusWriter(jdbi, clock);
  }

  @Override
  public void recordStatus(StatusChange change) {
    guarded(() -> statusWriter.apply(change));
  }

  @Override
  public void recordDuration(String sessionId, double durationSeconds) {
    guarded(
        () -> {
          jdbi.useExtension(
              SessionDao.class,
              dao ->
                  dao.updateDuration(UUID.fromString(sessionId), durationSeconds, clock.instant()));
          return null;
        });
  }

  @Override
  public List<ChunkState> registerChunks(String sessionId, List<ChunkPlan> plan) {
    UUID id = UUID.fromString(sessionId);
    return guarded(
        () ->
            jdbi.inTransaction(
                handle -> {
                  ChunkDao chunks = handle.attach(ChunkDao.class);
                  List<ChunkRow> stored = chunks.forSession(id);
                  if (stored.isEmpty()) {
                    // A retry keeps the first plan: stored words belong to its chunk boundaries.
                    for (ChunkPlan chunk : plan) {
                      chunks.insertPlanned(
                          id,
                          chunk.index(),
                          chunk.startSeconds(),
                          chunk.endSeconds(),
                          clock.instant());
                    }
                    stored = chunks.forSession(id);
                  }
                  return stored.stream()
                      .map(
                          row ->
                              new ChunkState(
                                  new ChunkPlan(
                                      row.chunkIndex(), row.startSeconds(), row.endSeconds()),
                                  row.done()))
                      .toList();
                }));
  }

  @Override
  public TranscriptSummary assembleTranscript(String sessionId) {
    UUID id = UUID.fromString(sessionId);
    return guarded(
        () ->
            jdbi.inTransaction(
                handle -> {
                  List<ChunkRow> planned = handle.attach(ChunkDao.class).forSession(id);
                  List<StoredChunkRow> done = handle.attach(ChunkDao.class).doneChunks(id);
                  if (done.size() != planned.size()) {
                    throw ApplicationFailure.newFailure(
                        (planned.size() - done.size()) + " chunks are not transcribed yet",
                        ErrorCode.ENGINE_CRASH.failureType());
                  }
                  List<Word> words = new ArrayList<>();
                  double duration = 0;
                  for (StoredChunkRow chunk : done) {
                    words.addAll(WordsJson.read(chunk.words()));
                    duration = Math.max(duration, chunk.endSeconds());
                  }
                  words.sort(Comparator.comparingDouble(Word::start));
                  handle
                      .attach(TranscriptDao.class)
                      .upsert(id, WordsJson.write(words), words.size(), clock.instant());
                  handle.attach(SessionDao.class).updateWordCount(id, words.size());
                  return new TranscriptSummary(words.size(), done.size(), duration);
                }));
  }

  /**
   * Database outages are retried by Temporal; a vanished session or a forbidden transition is not.
   */
  private static <T> T guarded(Supplier<T> work) {
    try {
      return work.get();
    } catch (SessionNotFoundException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), SESSION_GONE);
    } catch (IllegalTransitionException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), ILLEGAL_TRANSITION);
    } catch (JdbiException e) {
      throw ApplicationFailure.newFailureWithCause(
          "Database unavailable: " + e.getMessage(), ErrorCode.DATABASE_ERROR.failureType(), e);
    }
  }
}
