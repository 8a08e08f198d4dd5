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

  @SqlQuery(
      """
      SELECT count(*) AS chunks, COALESCE(SUM(wall_seconds), 0) AS engine_seconds,
             count(*) > 0 AND bool_and(done AND wall_seconds IS NOT NULL) AS complete
        FROM session_chunk WHERE session_id = :sessionId
      """)
  @RegisterConstructorMapper(ChunkTimes.class)
  ChunkTimes engineTimes(UUID sessionId);
}
