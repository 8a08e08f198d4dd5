package com.coachtrack.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Chunk plan, progress within chunks and stored words. */
public interface ChunkDao {

  @SqlUpdate(
      """
      INSERT INTO session_chunk (session_id, chunk_index, start_seconds, end_seconds, updated_at)
      VALUES (:sessionId, :chunkIndex, :startSeconds, :endSeconds, :now)
      ON CONFLICT (session_id, chunk_index) DO NOTHING
      """)
  void insertPlanned(
      UUID sessionId, int chunkIndex, double startSeconds, double endSeconds, Instant now);

  @SqlQuery(
      """
      SELECT chunk_index, start_seconds, end_seconds, processed_seconds, done
        FROM session_chunk WHERE session_id = :sessionId ORDER BY chunk_index
      """)
  @RegisterConstructorMapper(ChunkRow.class)
  List<ChunkRow> forSession(UUID sessionId);

  @SqlQuery(
      """
      SELECT chunk_index, start_seconds, end_seconds, processed_seconds, done
        FROM session_chunk WHERE session_id = :sessionId AND chunk_index = :chunkIndex
      """)
  @RegisterConstructorMapper(ChunkRow.class)
  Optional<ChunkRow> find(UUID sessionId, int chunkIndex);

  @SqlQuery(
      """
      SELECT jsonb_array_length(words) FROM session_chunk
       WHERE session_id = :sessionId AND chunk_index = :chunkIndex AND done
      """)
  Optional<Integer> storedWordCount(UUID sessionId, int chunkIndex);

  /** Progress only moves forward: a retried chunk re-reads audio it had already counted. */
  @SqlUpdate(
      """
      UPDATE session_chunk
         SET processed_seconds = GREATEST(processed_seconds,
               LEAST(end_seconds - start_seconds, GREATEST(0, :positionSeconds - start_seconds))),
             partial_words = CAST(:wordsJson AS jsonb), updated_at = :now
       WHERE session_id = :sessionId AND chunk_index = :chunkIndex AND NOT done
      """)
  int recordPosition(
      UUID sessionId, int chunkIndex, double positionSeconds, String wordsJson, Instant now);

  @SqlQuery(
      """
      SELECT partial_words::text FROM session_chunk
       WHERE session_id = :sessionId AND chunk_index = :chunkIndex AND NOT done
         AND partial_words IS NOT NULL
      """)
  Optional<String> partialWords(UUID sessionId, int chunkIndex);

  @SqlUpdate(
      """
      UPDATE session_chunk
         SET done = TRUE, words = CAST(:wordsJson AS jsonb), partial_words = NULL, engine = :engine,
             wall_seconds = :wallSeconds,
             processed_seconds = end_seconds - start_seconds, updated_at = :now
       WHERE session_id = :sessionId AND chunk_index = :chunkIndex
      """)
  int markDone(
      UUID sessionId,
      int chunkIndex,
      String wordsJson,
      String engine,
      double wallSeconds,
      Instant now);

  @SqlQuery(
      """
      SELECT chunk_index, start_seconds, end_seconds, words::text AS words
        FROM session_chunk WHERE session_id = :sessionId AND done ORDER BY chunk_index
      """)
  @RegisterConstructorMapper(StoredChunkRow.class)
  List<StoredChunkRow> doneChunks(UUID sessionId);

  /**
   * Every planned chunk in recording order, with its words when it is done ({@code words} is null
   * for a chunk still to transcribe): one statement, so a chunk finishing meanwhile cannot be
   * counted as both missing and done.
   */
  @SqlQuery(
      """
      SELECT chunk_index, start_seconds, end_seconds, CASE WHEN done THEN words::text END AS words
        FROM session_chunk WHERE session_id = :sessionId ORDER BY start_seconds, chunk_index
      """)
  @RegisterConstructorMapper(StoredChunkRow.class)
  List<StoredChunkRow> plannedChunks(UUID sessionId);

  /** Keeps the plan and forgets every word: the chunks are to be transcribed again. */
  @SqlUpdate(
      """
      UPDATE session_chunk
         SET done = FALSE, words = NULL, partial_words = NULL, engine = NULL, wall_seconds = NULL,
             processed_seconds = 0, updated_at = :now
       WHERE session_id = :sessionId
      """)
  int forgetWords(UUID sessionId, Instant now);

  /** The engine's pace on its last 20 stored chunks; null when it has none. */
  @SqlQuery(
      """
      SELECT SUM(wall_seconds) / NULLIF(SUM(end_seconds - start_seconds), 0)
        FROM (SELECT wall_seconds, start_seconds, end_seconds FROM session_chunk
               WHERE engine = :engine AND done AND wall_seconds IS NOT NULL
               ORDER BY updated_at DESC LIMIT 20) recent
      """)
  Double recentSecondsPerAudioSecond(String engine);

  @SqlQuery(
      """
      SELECT count(*) AS chunks, COALESCE(SUM(wall_seconds), 0) AS engine_seconds,
             count(*) > 0 AND bool_and(done AND wall_seconds IS NOT NULL) AS complete
        FROM session_chunk WHERE session_id = :sessionId
      """)
  @RegisterConstructorMapper(ChunkTimes.class)
  ChunkTimes engineTimes(UUID sessionId);
}
