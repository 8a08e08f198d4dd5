package com.coachtrack.service.engines;

import com.coachtrack.activities.engine.SpeechEngine;
import com.coachtrack.activities.transcribe.HungEngines;
import com.coachtrack.store.EngineWorkerDao;
import io.dropwizard.lifecycle.Managed;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's report of the engines it runs, every 30 s, in {@code engine_worker}: the API (in this
 * process or another) calls an engine available while some worker reports it without a problem. The
 * problem is what keeps the engine from working lately: a speech server that refused our key or
 * cannot be reached, or an engine that hung on a chunk.
 */
public final class EnginePresence implements Managed {
  static final Duration REPORT_EVERY = Duration.ofSeconds(30);

  /** Rows of workers gone this long are removed by whichever worker reports next. */
  static final Duration FORGET_AFTER = Duration.ofDays(1);

  private static final Logger LOG = LoggerFactory.getLogger(EnginePresence.class);

  private final Jdbi jdbi;
  private final Clock clock;
  private final Map<String, SpeechEngine> engines;
  private final HungEngines hungEngines;
  private final String workerId = ManagementFactory.getRuntimeMXBean().getName();
  private ScheduledExecutorService timer;

  /**
   * @param engines the engines this worker runs, by the name sessions use (an {@code auto} entry
   *     reports the engine it stands for)
   */
  public EnginePresence(
      Jdbi jdbi, Clock clock, Map<String, SpeechEngine> engines, HungEngines hungEngines) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.engines = Map.copyOf(engines);
    this.hungEngines = hungEngines;
  }

  @Override
  public void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "engine-presence");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(
        this::reportQuietly, 0, REPORT_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Reports once; what the timer runs, and tests. */
  public void report() {
    var now = clock.instant();
    jdbi.useTransaction(
        handle -> {
          EngineWorkerDao dao = handle.attach(EngineWorkerDao.class);
          engines.forEach(
              (name, engine) -> dao.report(workerId, name, now, problem(engine).orElse(null)));
          dao.forgetBefore(now.minus(FORGET_AFTER));
        });
  }

  private Optional<String> problem(SpeechEngine engine) {
    Optional<String> own = engine.problem();
    return own.isPresent() ? own : hungEngines.problemOf(engine.name());
  }

  private void reportQuietly() {
    try {
      report();
    } catch (RuntimeException e) {
      // The database is away: the engines list says so by itself once the reports are 90 s old.
      LOG.debug("Could not report this worker's engines: {}", e.toString());
    }
  }

  /** Stops reporting and takes this worker's rows away, so the list is right at once. */
  @Override
  public void stop() throws InterruptedException {
    if (timer != null) {
      timer.shutdownNow();
      timer.awaitTermination(5, TimeUnit.SECONDS);
    }
    try {
      jdbi.useExtension(EngineWorkerDao.class, dao -> dao.forgetWorker(workerId));
    } catch (RuntimeException e) {
      LOG.debug("Could not withdraw this worker's engines: {}", e.toString());
    }
  }
}
