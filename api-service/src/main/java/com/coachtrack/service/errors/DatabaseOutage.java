package com.coachtrack.service.errors;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL out of reach, told once: the first failure of an outage is logged (one line, no stack
 * trace) and a probe checks every {@link #PROBE_EVERY} until the database answers again, which is
 * logged too; every request meanwhile gets a 503 {@code database_unavailable} with Retry-After. The
 * pools reconnect by themselves (connections are validated on borrow): nothing needs a restart.
 */
public final class DatabaseOutage {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseOutage.class);
  static final Duration PROBE_EVERY = Duration.ofSeconds(2);
  static final int RETRY_AFTER_SECONDS = 5;

  private final ConnectionSource probe;
  private final AtomicReference<Instant> since = new AtomicReference<>();
  private final ScheduledExecutorService prober =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "database-outage-probe");
            thread.setDaemon(true);
            return thread;
          });

  /**
   * @param probe opens a fresh connection, outside the pools, to check the database answers
   */
  public DatabaseOutage(ConnectionSource probe) {
    this.probe = probe;
  }

  /** Whether the failure means the database could not be reached or did not answer in time. */
  public static boolean isUnavailable(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException
          || cause instanceof SQLTimeoutException
          || cause instanceof ConnectException
          || cause instanceof SocketTimeoutException
          || cause instanceof SocketException
          // tomcat-jdbc: no connection came free in time (every one is stuck on a dead server).
          || cause.getClass().getSimpleName().equals("PoolExhaustedException")) {
        return true;
      }
      if (cause instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        // 08: connection exception; 57P: the server is shutting down or starting; 53: no resources.
        if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
          return true;
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** Records the failure (logged only if it starts an outage) and the refusal to answer with. */
  public ApiException refusal(Throwable failure) {
    Instant now = Instant.now();
    if (since.compareAndSet(null, now)) {
      LOG.warn(
          "PostgreSQL is unavailable ({}); answering 503 until it is back", rootMessage(failure));
      prober.schedule(this::probe, PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }
    return new ApiException(
        503,
        "database_unavailable",
        "Our database is unavailable for a moment; nothing you did caused it. Try again in a few"
            + " seconds: your sessions and their progress are kept.",
        RETRY_AFTER_SECONDS);
  }

  public boolean ongoing() {
    return since.get() != null;
  }

  private void probe() {
    try (Connection connection = probe.open();
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(2);
      statement.execute("SELECT 1");
      Instant began = since.getAndSet(null);
      LOG.info(
          "PostgreSQL is back after {} s",
          began == null ? 0 : Duration.between(began, Instant.now()).toSeconds());
    } catch (SQLException | RuntimeException e) {
      prober.schedule(this::probe, PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getClass().getSimpleName() + ": " + cause.getMessage();
  }
}
