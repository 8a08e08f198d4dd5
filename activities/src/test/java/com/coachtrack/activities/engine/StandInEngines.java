package com.coachtrack.activities.engine;

import com.coachtrack.activities.process.LowPriority;
import java.nio.file.Path;

/** Real engines running stand-in programs, for tests outside this package. */
public final class StandInEngines {
  private StandInEngines() {}

  /**
   * The pocketsphinx engine, started as in production (through {@code nice} where installed), but
   * running {@code program} instead of {@code pocketsphinx_continuous}.
   */
  public static SpeechEngine pocketSphinxRunning(Path program) {
    return new PocketSphinxEngine(program, LowPriority.fromPath());
  }
}
