package com.coachtrack.service.events;

import com.coachtrack.service.errors.ApiException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many event streams are open, per coach and in this process, so that a runaway script or a
 * coach's hundred tabs cannot hold all of the process's connections. A closed stream is counted
 * until it is noticed, at the latest at the next keep-alive (a write to a gone client fails).
 */
final class StreamLimits {
  static final int RETRY_AFTER_SECONDS = 15;

  private final int perCoach;
  private final int perProcess;
  private final Map<String, Integer> byCoach = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();

  StreamLimits(int perCoach, int perProcess) {
    this.perCoach = perCoach;
    this.perProcess = perProcess;
  }

  /**
   * Counts one more stream for the coach.
   *
   * @return what gives the place back, once
   * @throws ApiException 429 {@code too_many_streams} over the coach's limit, 503 {@code
   *     server_busy} over the process's
   */
  Runnable reserve(String coachId) {
    if (total.incrementAndGet() > perProcess) {
      total.decrementAndGet();
      throw new ApiException(
          503,
          "server_busy",
          "This server has as many live connections as it can keep. Follow the status by polling"
              + " (GET /api/v1/sessions/{id}/status), or try again in a moment.",
          RETRY_AFTER_SECONDS);
    }
    int[] count = {0};
    byCoach.compute(
        coachId,
        (k, n) -> {
          count[0] = (n == null ? 0 : n) + 1;
          return count[0] > perCoach ? n : Integer.valueOf(count[0]);
        });
    if (count[0] > perCoach) {
      total.decrementAndGet();
      throw new ApiException(
          429,
          "too_many_streams",
          "You have "
              + perCoach
              + " live connections open already (tabs or scripts). Close some, or follow the"
              + " status by polling.",
          RETRY_AFTER_SECONDS);
    }
    AtomicBoolean released = new AtomicBoolean();
    return () -> {
      if (released.compareAndSet(false, true)) {
        total.decrementAndGet();
        byCoach.computeIfPresent(coachId, (k, n) -> n <= 1 ? null : n - 1);
      }
    };
  }

  int open() {
    return total.get();
  }
}
