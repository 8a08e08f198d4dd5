package com.coachtrack.activities.transcribe;

import com.coachtrack.activities.engine.EngineProfile;
import com.coachtrack.store.ChunkStore;
import com.coachtrack.workflows.progress.SpeedPrior;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How long each engine takes per audio second of one chunk on this worker, learned as chunks
 * finish: what moves the position of an engine that says nothing while it works ({@link
 * ChunkPositions}). It starts from the engine's recent chunks in the database (so a restarted
 * worker need not learn again), else from the engine's shipped speed, and follows each chunk after
 * that with a moving average that moves 30 % toward each new one.
 */
public final class ChunkPaces {
  static final double ALPHA = 0.3;

  private final ChunkStore chunks;
  private final Map<String, Double> paces = new ConcurrentHashMap<>();

  public ChunkPaces(ChunkStore chunks) {
    this.chunks = chunks;
  }

  /** Wall seconds per audio second of a chunk on {@code engine}. */
  double pace(String engine) {
    return paces.computeIfAbsent(engine, this::initial);
  }

  /** A finished chunk's time; ignored when it is no measurement (nothing transcribed, no time). */
  void record(String engine, double wallSeconds, double audioSeconds) {
    if (!(audioSeconds > 0.5) || !(wallSeconds > 0)) {
      return;
    }
    double observed = wallSeconds / audioSeconds;
    if (!SpeedPrior.isPlausible(observed)) {
      return;
    }
    pace(engine);
    paces.computeIfPresent(engine, (name, old) -> (1 - ALPHA) * old + ALPHA * observed);
  }

  private double initial(String engine) {
    OptionalDouble recent = OptionalDouble.empty();
    try {
      recent = chunks.recentSecondsPerAudioSecond(engine);
    } catch (RuntimeException e) {
      // The database is away: the shipped speed will do until chunks finish here.
    }
    if (recent.isPresent() && SpeedPrior.isPlausible(recent.getAsDouble())) {
      return recent.getAsDouble();
    }
    return EngineProfile.of(engine)
        .map(EngineProfile::secondsPerAudioSecondPerSlot)
        .orElse(SpeedPrior.DEFAULT);
  }
}
