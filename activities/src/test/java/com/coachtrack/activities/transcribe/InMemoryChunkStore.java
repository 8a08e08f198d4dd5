package com.coachtrack.activities.transcribe;

import com.coachtrack.store.ChunkStore;
import com.coachtrack.workflows.activities.ChunkResult;
import com.coachtrack.workflows.activities.Word;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link ChunkStore} in memory that remembers every call, standing in for PostgreSQL. */
public final class InMemoryChunkStore implements ChunkStore {
  private final Map<String, StoredChunk> stored = new ConcurrentHashMap<>();
  private final List<ProgressReport> progress = new CopyOnWriteArrayList<>();
  private final List<String> alive = new CopyOnWriteArrayList<>();
  private final Map<String, List<Word>> partial = new ConcurrentHashMap<>();
  private final Map<String, Double> recentPaces = new ConcurrentHashMap<>();

  @Override
  public Optional<ChunkResult> findStoredChunk(String sessionId, int chunkIndex) {
    return Optional.ofNullable(stored.get(key(sessionId, chunkIndex)))
        .map(s -> new ChunkResult(chunkIndex, s.words().size(), 0, true));
  }

  @Override
  public void recordProgress(
      String sessionId, int chunkIndex, double positionSeconds, List<Word> wordsSoFar) {
    progress.add(
        new ProgressReport(sessionId, chunkIndex, positionSeconds, List.copyOf(wordsSoFar)));
    partial.put(key(sessionId, chunkIndex), List.copyOf(wordsSoFar));
  }

  @Override
  public List<Word> partialWords(String sessionId, int chunkIndex) {
    return partial.getOrDefault(key(sessionId, chunkIndex), List.of());
  }

  /** As if an earlier attempt had recognised these words before it died. */
  public void givenPartialWords(String sessionId, int chunkIndex, List<Word> words) {
    partial.put(key(sessionId, chunkIndex), List.copyOf(words));
  }

  @Override
  public void recordAlive(String sessionId) {
    alive.add(sessionId);
  }

  @Override
  public void storeChunk(
      String sessionId, int chunkIndex, List<Word> words, String engine, double wallSeconds) {
    stored.put(
        key(sessionId, chunkIndex), new StoredChunk(List.copyOf(words), engine, wallSeconds));
    partial.remove(key(sessionId, chunkIndex));
  }

  @Override
  public OptionalDouble recentSecondsPerAudioSecond(String engine) {
    Double pace = recentPaces.get(engine);
    return pace == null ? OptionalDouble.empty() : OptionalDouble.of(pace);
  }

  /** As if the engine's last chunks had taken this long per audio second. */
  public void givenRecentPace(String engine, double secondsPerAudioSecond) {
    recentPaces.put(engine, secondsPerAudioSecond);
  }

  public Optional<StoredChunk> stored(String sessionId, int chunkIndex) {
    return Optional.ofNullable(stored.get(key(sessionId, chunkIndex)));
  }

  public List<ProgressReport> progress() {
    return List.copyOf(progress);
  }

  /**
   * The sessions of reports that found the engine where the previous report had left it, in order.
   */
  public List<String> alive() {
    return List.copyOf(alive);
  }

  private static String key(String sessionId, int chunkIndex) {
    return sessionId + "/" + chunkIndex;
  }
}
