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
  /** Chunk boundaries are stored as doubles: a hair between two chunks is not a gap. */
  private static final double TOUCHING_SECONDS = 0.01;

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
          handle.attach(SessionDao.class).updateChunksTotal(sessionId, stored.size());
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

  /**
   * The words of the chunks finished so far and which stretches they cover, read in one statement.
   * Before the chunk plan is stored the whole recording, {@code durationTotal} seconds, is still to
   * transcribe.
   */
  public PartialTranscript partial(UUID sessionId, double durationTotal) {
    List<StoredChunkRow> chunks =
        jdbi.withExtension(ChunkDao.class, dao -> dao.plannedChunks(sessionId));
    if (chunks.isEmpty()) {
      List<TimeRange> all =
          durationTotal > 0 ? List.of(new TimeRange(0, durationTotal)) : List.of();
      return new PartialTranscript(List.of(), List.of(), all, 0, 0);
    }
    List<Word> words = new ArrayList<>();
    List<TimeRange> covered = new ArrayList<>();
    List<TimeRange> missing = new ArrayList<>();
    int done = 0;
    for (StoredChunkRow chunk : chunks) {
      TimeRange range = new TimeRange(chunk.startSeconds(), chunk.endSeconds());
      if (chunk.done()) {
        done++;
        words.addAll(WordsJson.read(chunk.words()));
        extend(covered, range);
      } else {
        extend(missing, range);
      }
    }
    words.sort(Comparator.comparingDouble(Word::start));
    return new PartialTranscript(words, covered, missing, done, chunks.size());
  }

  /** Appends the range, merged into the last one when they touch (chunks are cut end to start). */
  private static void extend(List<TimeRange> ranges, TimeRange range) {
    if (!ranges.isEmpty()) {
      TimeRange last = ranges.get(ranges.size() - 1);
      if (range.start() - last.end() <= TOUCHING_SECONDS) {
        ranges.set(
            ranges.size() - 1, new TimeRange(last.start(), Math.max(last.end(), range.end())));
        return;
      }
    }
    ranges.add(range);
  }

  /** The assembled transcript's words; empty until the session completed. */
  public Optional<List<Word>> words(UUID sessionId) {
    return jdbi.withExtension(TranscriptDao.class, dao -> dao.wordsJson(sessionId))
        .map(WordsJson::read);
  }
}
