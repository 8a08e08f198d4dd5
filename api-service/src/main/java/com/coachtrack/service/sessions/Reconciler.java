package com.coachtrack.service.sessions;

import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the reconciliation ({@link SessionCommands#reconcile}, and keeping the cleanup workflow
 * started) at start and every minute after ({@code status.reconcileEvery}): a run that ended while
 * the database was down, or that a Temporal server lost, is found within a minute, not at the next
 * restart; and a process that starts while Temporal or the database is away starts anyway and
 * catches up when they are back. Idempotent, so every process may run it.
 */
public final class Reconciler implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  private final Runnable work;
  private final Duration every;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "session-reconciler");
            thread.setDaemon(true);
            return thread;
          });
  private volatile boolean failing;

  public Reconciler(Runnable work, Duration every) {
    this.work = work;
    this.every = every;
  }

  @Override
  public void start() {
    timer.scheduleWithFixedDelay(this::reconcile, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    timer.shutdownNow();
  }

  private void reconcile() {
    try {
      work.run();
      if (failing) {
        LOG.info("Reconciling sessions works again");
        failing = false;
      }
    } catch (RuntimeException e) {
      // The database or Temporal is away: said once, tried again at the next tick.
      if (!failing) {
        LOG.warn(
            "Could not reconcile sessions ({}); trying every {} s",
            e.toString(),
            every.toSeconds());
        failing = true;
      }
    }
  }
}
