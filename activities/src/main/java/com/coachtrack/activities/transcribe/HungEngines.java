package com.coachtrack.activities.transcribe;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The engines this worker recently gave up on because they hung, so that its health check can say
 * so: the chunk itself is retried without anyone noticing, but an engine that hangs again and again
 * (on a recording, on a broken install) wastes a slot for minutes each time. The worker's wiring
 * builds one and hands it to the transcribe activity, which records, and to the health check, which
 * reads.
 */
public final class HungEngines {
  /**
   * How long a hang keeps the health check unhealthy: longer than {@link ChunkProgress#STUCK_AFTER}
   * plus Temporal's retry backoff, so that an engine that hangs on every attempt reads as unhealthy
   * without gaps, and long enough for a health poll every minute or two to see a single hang.
   */
  public static final Duration REPORTED_FOR = Duration.ofMinutes(10);

  private final Clock clock;
  private final Deque<HungEngine> recent = new ArrayDeque<>();

  public HungEngines(Clock clock) {
    this.clock = clock;
  }

  void record(String engine, String sessionId, int chunkIndex) {
    HungEngine hang = new HungEngine(engine, sessionId, chunkIndex, clock.instant());
    synchronized (recent) {
      recent.addLast(hang);
      forgetOld();
    }
  }

  /** The hangs of the last {@link #REPORTED_FOR}, oldest first. */
  public List<HungEngine> recent() {
    synchronized (recent) {
      forgetOld();
      return List.copyOf(recent);
    }
  }

  /** What the health check reports while any engine hung lately: the latest hang, and how many. */
  public Optional<String> problem() {
    List<HungEngine> hangs = recent();
    if (hangs.isEmpty()) {
      return Optional.empty();
    }
    HungEngine latest = hangs.get(hangs.size() - 1);
    return Optional.of(
        latest.describe()
            + (hangs.size() > 1
                ? " ("
                    + hangs.size()
                    + " hangs in the last "
                    + REPORTED_FOR.toMinutes()
                    + " minutes)"
                : ""));
  }

  private void forgetOld() {
    Instant cutoff = clock.instant().minus(REPORTED_FOR);
    while (!recent.isEmpty() && recent.peekFirst().givenUpAt().isBefore(cutoff)) {
      recent.removeFirst();
    }
  }
}
