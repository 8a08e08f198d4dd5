package com.coachtrack.store;

import com.coachtrack.workflows.activities.ChunkResult;
import com.coachtrack.workflows.activities.StatusChange;
import com.coachtrack.workflows.activities.Word;
import com.coachtrack.workflows.status.SessionStatus;
import com.coachtrack.workflows.status.StatusMessages;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Chunk progress and words in PostgreSQL; also keeps the session snapshot's processed seconds
 * current.
 */
public final class JdbiChunkStore implements ChunkStore {
  private final Jdbi jdbi;
  private final Clock clock;
  private final SessionStatusWriter statusWriter;
  private final ProgressFloorUpdater floorUpdater;

  JdbiChunkStore(
      Jdbi jdbi, Clock clock, SessionStatusWriter statusWriter, ProgressFloorUpdater floorUpdater) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.statusWriter = statusWriter;
    this.floorUpdater = floorUpdater;
  }

  @Override
  public Optional<ChunkResult> findStoredChunk(String sessionId, int chunkIndex) {
    UUID id = UUID.fromString(sessionId);
    return jdbi.withExtension(
        ChunkDao.class,
        chunks ->
            chunks
                .find(id, chunkIndex)
                .filter(ChunkRow::done)
                .map(
                    row ->
                        new ChunkResult(
                            chunkIndex,
                            chunks.storedWordCount(id, chunkIndex).orElse(0),
                            row.endSeconds() - row.startSeconds(),
                            true)));
  }

  @Override
  public void recordProgress(
      String sessionId, int chunkIndex, double positionSeconds, List<Word> wordsSoFar) {
    String json = WordsJson.write(wordsSoFar);
    writeChunk(
        sessionId,
        (chunks, now) ->
            chunks.recordPosition(
                UUID.fromString(sessionId), chunkIndex, positionSeconds, json, now));
  }

  @Override
  public List<Word> partialWords(String sessionId, int chunkIndex) {
    return jdbi.withExtension(
            ChunkDao.class, chunks -> chunks.partialWords(UUID.fromString(sessionId), chunkIndex))
        .map(WordsJson::read)
        .orElse(List.of());
  }

  @Override
  public void recordAlive(String sessionId) {
    UUID id = UUID.fromString(sessionId);
    jdbi.useExtension(SessionDao.class, sessions -> sessions.markWorkerSeen(id, clock.instant()));
  }

  @Override
  public OptionalDouble recentSecondsPerAudioSecond(String engine) {
    Double pace =
        jdbi.withExtension(ChunkDao.class, chunks -> chunks.recentSecondsPerAudioSecond(engine));
    return pace == null ? OptionalDouble.empty() : OptionalDouble.of(pace);
  }

  @Override
  public void storeChunk(
      String sessionId, int chunkIndex, List<Word> words, String engine, double wallSeconds) {
    String json = WordsJson.write(words);
    writeChunk(
        sessionId,
        (chunks, now) ->
            chunks.markDone(
                UUID.fromString(sessionId), chunkIndex, json, engine, wallSeconds, now));
  }

  /** A chunk write and what it means for the session's snapshot, in one transaction. */
  private void writeChunk(String sessionId, BiConsumer<ChunkDao, Instant> write) {
    UUID id = UUID.fromString(sessionId);
    jdbi.useTransaction(
        handle -> {
          Instant now = clock.instant();
          startProcessingIfPending(handle, sessionId);
          write.accept(handle.attach(ChunkDao.class), now);
          handle.attach(SessionDao.class).refreshProcessed(id, now);
          floorUpdater.raiseOnReport(handle, id, now);
        });
  }

  /** A session stays pending (queued) until a worker really starts transcribing it. */
  private void startProcessingIfPending(Handle handle, String sessionId) {
    SessionRow row =
        handle
            .attach(SessionDao.class)
            .lockById(UUID.fromString(sessionId))
            .orElseThrow(() -> new SessionNotFoundException(sessionId));
    if (SessionStatus.PENDING.wireName().equals(row.status())) {
      statusWriter.apply(
          handle,
          StatusChange.to(
              sessionId, SessionStatus.PROCESSING, row.attempt(), StatusMessages.STARTED));
    }
  }
}
