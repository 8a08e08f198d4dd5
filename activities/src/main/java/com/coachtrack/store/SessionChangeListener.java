package com.coachtrack.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears every committed change of a session row, from any process: a trigger on {@code
 * transcription_session} sends {@code NOTIFY session_changed, '<session id> <coach id>'} (changeSet
 * 2026-12-create-session-changed-trigger), and this listener holds one connection of its own that
 * {@code LISTEN}s on the channel, on one daemon thread. A lost connection is opened again with a
 * growing pause (up to {@code maxBackoff}); the handler is told, because what was sent in between
 * is gone. The connection is checked every {@link #CHECK_EVERY} of silence, so a network that drops
 * packets without an error is noticed too.
 */
public final class SessionChangeListener implements AutoCloseable {
  public static final String CHANNEL = "session_changed";
  static final Duration CHECK_EVERY = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger(SessionChangeListener.class);
  private static final int WAIT_MILLIS = 1_000;
  private static final int UUID_LENGTH = 36;

  private final ConnectionOpener opener;
  private final SessionChangeHandler handler;
  private final Duration firstBackoff;
  private final Duration maxBackoff;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean listening;
  private volatile Connection current;

  public SessionChangeListener(
      ConnectionOpener opener,
      SessionChangeHandler handler,
      Duration firstBackoff,
      Duration maxBackoff) {
    this.opener = opener;
    this.handler = handler;
    this.firstBackoff = firstBackoff;
    this.maxBackoff = maxBackoff;
    this.thread = new Thread(this::run, "session-change-listener");
    this.thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Whether the LISTEN connection is up now. */
  public boolean listening() {
    return listening;
  }

  private void run() {
    boolean lostBefore = false;
    long backoffMillis = firstBackoff.toMillis();
    while (running) {
      try (Connection connection = opener.open()) {
        current = connection;
        try (Statement listen = connection.createStatement()) {
          listen.execute("LISTEN " + CHANNEL);
        }
        listening = true;
        handler.listening(lostBefore);
        if (lostBefore) {
          LOG.info("Listening for session changes again");
        }
        backoffMillis = firstBackoff.toMillis();
        receive(connection);
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          break;
        }
        if (listening || !lostBefore) {
          LOG.warn(
              "Session changes are not heard (retrying within {} ms): {}",
              backoffMillis,
              e.toString());
        }
        listening = false;
        lostBefore = true;
        handler.lost(e);
        sleep(backoffMillis);
        backoffMillis = Math.min(maxBackoff.toMillis(), backoffMillis * 2);
      } finally {
        listening = false;
        current = null;
      }
    }
  }

  private void receive(Connection connection) throws SQLException {
    PGConnection postgres = connection.unwrap(PGConnection.class);
    long checkedAt = System.nanoTime();
    while (running) {
      PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
      if (notifications != null && notifications.length > 0) {
        for (PGNotification notification : notifications) {
          deliver(notification.getParameter());
        }
        checkedAt = System.nanoTime();
      } else if (System.nanoTime() - checkedAt > CHECK_EVERY.toNanos()) {
        try (Statement check = connection.createStatement()) {
          check.execute("SELECT 1");
        }
        checkedAt = System.nanoTime();
      }
    }
  }

  private void deliver(String payload) {
    if (payload == null || payload.length() < UUID_LENGTH + 1) {
      return;
    }
    UUID sessionId;
    try {
      sessionId = UUID.fromString(payload.substring(0, UUID_LENGTH));
    } catch (IllegalArgumentException e) {
      LOG.warn("Ignored a malformed session_changed payload: {}", payload);
      return;
    }
    handler.changed(sessionId, payload.substring(UUID_LENGTH + 1));
  }

  private void sleep(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /** Stops listening and closes the connection; waits a moment for the thread to end. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    Connection connection = current;
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
