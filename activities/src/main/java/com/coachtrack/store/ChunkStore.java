package com.coachtrack.store;

import com.coachtrack.workflows.activities.ChunkResult;
import com.coachtrack.workflows.activities.Word;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What chunk transcription persists as it goes; implemented on PostgreSQL by {@code
 * JdbiChunkStore}.
 */
public interface ChunkStore {

  /** The result of a chunk whose words were stored by an earlier attempt. */
  Optional<ChunkResult> findStoredChunk(String sessionId, int chunkIndex);

  /**
   * How far the engine got inside the chunk (seconds from the start of the recording) and the words
   * it recognised so far; also marks the session as alive and moving, which is what the status
   * endpoint reads.
   */
  void recordProgress(
      String sessionId, int chunkIndex, double positionSeconds, List<Word> wordsSoFar);

  /** The words an unfinished chunk's earlier attempts recognised, in order; empty if none. */
  List<Word> partialWords(String sessionId, int chunkIndex);

  /**
   * A report from a chunk whose engine has not moved since the last one: the worker is alive, which
   * tells a stuck engine from a lost worker.
   */
  void recordAlive(String sessionId);

  /**
   * Wall seconds per audio second of the engine's most recent stored chunks: where a worker's idea
   * of the engine's pace starts. Empty when none are stored, or the store keeps no history.
   */
  default OptionalDouble recentSecondsPerAudioSecond(String engine) {
    return OptionalDouble.empty();
  }

  /** Stores the chunk's words and marks it done, so no later attempt transcribes it again. */
  void storeChunk(
      String sessionId, int chunkIndex, List<Word> words, String engine, double wallSeconds);
}
