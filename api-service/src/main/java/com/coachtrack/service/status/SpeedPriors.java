package com.coachtrack.service.status;

import com.coachtrack.service.errors.DatabaseOutage;
import com.coachtrack.store.EngineSpeedDao;
import com.coachtrack.store.EngineSpeedRow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * The learned engine speeds, cached for the status hot path: they change once per completed
 * session, so a refresh every 30 s keeps polls free of this query.
 */
public final class SpeedPriors {
  private static final Duration REFRESH = Duration.ofSeconds(30);

  private final Jdbi jdbi;
  private final Clock clock;
  private volatile Map<String, EngineSpeedRow> byEngine = Map.of();
  private volatile Instant loadedAt = Instant.MIN;

  public SpeedPriors(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  /** The engine's learned speed, or null while no session has completed on it. */
  public EngineSpeedRow forEngine(String engine) {
    Instant now = clock.instant();
    if (loadedAt.plus(REFRESH).isBefore(now)) {
      try {
        byEngine =
            jdbi.withExtension(EngineSpeedDao.class, EngineSpeedDao::all).stream()
                .collect(Collectors.toUnmodifiableMap(EngineSpeedRow::engine, Function.identity()));
        loadedAt = now;
      } catch (RuntimeException e) {
        // Speeds from before the outage (or the default) are good enough for an answer that
        // does not need the database otherwise, such as an upload's while it is down.
        if (!DatabaseOutage.isUnavailable(e)) {
          throw e;
        }
      }
    }
    return byEngine.get(engine);
  }
}
