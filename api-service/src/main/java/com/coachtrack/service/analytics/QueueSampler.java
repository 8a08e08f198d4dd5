package com.coachtrack.service.analytics;

import com.coachtrack.store.OutcomeDao;
import com.coachtrack.store.QueueSampleDao;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs in every API process on a fixed rate: samples the queue and prunes what analytics no longer
 * keeps. The sample's time is truncated to the interval, so API processes sampling the same minute
 * write one row between them. Pruning each run deletes at most a minute's worth, by index.
 */
public final class QueueSampler implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(QueueSampler.class);

  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration every;
  private final Duration keepSamples;
  private final Duration keepOutcomes;
  private volatile boolean failing;

  public QueueSampler(
      Jdbi jdbi, Clock clock, Duration every, Duration keepSamples, Duration keepOutcomes) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.every = every;
    this.keepSamples = keepSamples;
    this.keepOutcomes = keepOutcomes;
  }

  /** The sample's key: {@code now} rounded down to a whole interval since the epoch. */
  static Instant slot(Instant now, Duration every) {
    long step = every.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), step) * step);
  }

  @Override
  public void run() {
    // A scheduled task that throws is never run again: a database outage must only skip samples.
    try {
      Instant now = clock.instant();
      jdbi.useHandle(
          handle -> {
            QueueSampleDao samples = handle.attach(QueueSampleDao.class);
            samples.sample(slot(now, every));
            samples.pruneBefore(now.minus(keepSamples));
            handle.attach(OutcomeDao.class).pruneBefore(now.minus(keepOutcomes));
          });
      if (failing) {
        LOG.info("Queue samples are written again");
        failing = false;
      }
    } catch (RuntimeException e) {
      if (!failing) {
        LOG.warn("Could not sample the queue ({}); trying again every {}", e.getMessage(), every);
        failing = true;
      }
    }
  }
}
