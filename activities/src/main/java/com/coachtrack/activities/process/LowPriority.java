package com.coachtrack.activities.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts CPU-heavy programs through {@code nice}, so that on a machine they share with the API the
 * API's request threads get the CPU first and stay responsive while chunks are transcribed. Where
 * {@code nice} is missing the programs start as they are: slower answers beat no transcription.
 */
public final class LowPriority {
  /**
   * Added to the worker's own niceness (Linux caps the sum at 19): well below normal, still above
   * batch work that runs at 19.
   */
  public static final int NICENESS = 10;

  private final Path nice;

  private LowPriority(Path nice) {
    this.nice = nice;
  }

  /** Through the {@code nice} on the PATH, or at normal priority when there is none. */
  public static LowPriority fromPath() {
    return new LowPriority(ExecutablePath.find("nice").orElse(null));
  }

  public static LowPriority through(Path nice) {
    return new LowPriority(nice);
  }

  public static LowPriority unavailable() {
    return new LowPriority(null);
  }

  /**
   * The command line that runs {@code command} at low priority. {@code nice} replaces itself with
   * the program, so the process started is the program: its pid, its output, its exit code.
   */
  public List<String> command(List<String> command) {
    if (nice == null) {
      return List.copyOf(command);
    }
    List<String> niced = new ArrayList<>(List.of(nice.toString(), "-n", String.valueOf(NICENESS)));
    niced.addAll(command);
    return List.copyOf(niced);
  }
}
