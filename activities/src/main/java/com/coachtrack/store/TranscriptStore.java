package com.coachtrack.store;

import com.coachtrack.workflows.activities.ChunkPlan;
import com.coachtrack.workflows.activities.ChunkState;
import com.coachtrack.workflows.activities.TranscriptSummary;
import com.coachtrack.workflows.activities.Word;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;

/** A session's chunk plan and the transcript assembled from its chunks' words. */
public final class TranscriptStore {
  private final Jdbi jdbi;
  private final Clock clock;

  public TranscriptStore(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /**
   * Stores the plan, or returns the one an earlier attempt stored: a retry keeps the first plan,
   * because stored words belong to its chunk boundaries.
   */
  public List<ChunkState> registerPlan(UUID sessionId, List<ChunkPlan> plan) {
    return jdbi.inTransaction(
        handle -> {
          ChunkDao chunks = handle.attach(ChunkDao.class);
          List<ChunkRow> stored = chunks.forSession(sessionId);
          if (stored.isEmpty()) {
            for (ChunkPlan chunk : plan) {
              chunks.insertPlanned(
                  sessionId,
                  chunk.index(),
                  chunk.startSeconds(),
                  chunk.endSeconds(),
                  clock.instant());
            }
            stored = chunks.forSession(sessionId);
          }
          return stored.stream()
              .map(
                  row ->
                      new ChunkState(
                          new ChunkPlan(row.chunkIndex(), row.startSeconds(), row.endSeconds()),
                          row.done()))
              .toList();
        });
  }

  /**
   * Joins the stored chunks' words in time order into the session's transcript.
   *
   * @throws ChunksMissingException when some planned chunk has no words stored yet
   */
  public TranscriptSummary assemble(UUID sessionId) {
    return jdbi.inTransaction(
        handle -> {
          ChunkDao chunks = handle.attach(ChunkDao.class);
          List<ChunkRow> planned = chunks.forSession(sessionId);
          List<StoredChunkRow> done = chunks.doneChunks(sessionId);
          if (done.size() != planned.size()) {
            throw new ChunksMissingException(planned.size() - done.size());
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
              .upsert(sessionId, WordsJson.write(words), words.size(), clock.instant());
          handle.attach(SessionDao.class).updateWordCount(sessionId, words.size());
          return new TranscriptSummary(words.size(), done.size(), duration);
        });
  }

  /** The assembled transcript's words; empty until the session completed. */
  public Optional<List<Word>> words(UUID sessionId) {
    return jdbi.withExtension(TranscriptDao.class, dao -> dao.wordsJson(sessionId))
        .map(WordsJson::read);
  }
}
