package com.coachtrack.service.database;

import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode only: a real PostgreSQL from Maven-shipped binaries, its files under the data
 * directory so a restart on the same directory keeps every session.
 *
 * <p>It survives its neighbours dying. The postmaster runs in a process group of its own, so when
 * this JVM is killed it lives on, holding the data directory: the next start finds it through
 * {@code postmaster.pid} and stops it (or clears a stale lock file) before starting its own. When
 * the postmaster dies while the app runs, a watchdog starts it again on the same port within {@link
 * #WATCH_EVERY} plus its start-up time; the pools reconnect by themselves and the API answers 503
 * meanwhile. Writes are durable: fsync and synchronous commit are on (zonky's test defaults turn
 * both off).
 */
public final class EmbeddedDatabase implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
  static final Duration WATCH_EVERY = Duration.ofSeconds(2);
  private static final Duration STOP_WAIT = Duration.ofSeconds(20);

  /** The file zonky's EmbeddedPostgres keeps locked while its JVM uses the directory. */
  private static final String ZONKY_LOCK_FILE = "epg-lock";

  private final Path directory;
  private final int port;
  private final ScheduledExecutorService watchdog;
  private volatile EmbeddedPostgres postgres;
  private volatile boolean stopping;

  private EmbeddedDatabase(Path directory, int port) {
    this.directory = directory;
    this.port = port;
    this.watchdog =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "embedded-postgres-watchdog");
              thread.setDaemon(true);
              return thread;
            });
  }

  /** Starts PostgreSQL on the directory, after stopping one a crashed process left running. */
  public static EmbeddedDatabase start(Path directory) throws IOException {
    Files.createDirectories(directory);
    EmbeddedDatabase database = new EmbeddedDatabase(directory, freePort());
    database.startPostgres();
    database.watchdog.scheduleWithFixedDelay(
        database::restartIfDead,
        WATCH_EVERY.toMillis(),
        WATCH_EVERY.toMillis(),
        TimeUnit.MILLISECONDS);
    return database;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://localhost:" + port + "/postgres";
  }

  public int port() {
    return port;
  }

  /** The postmaster's process, while one runs on the directory. */
  public Optional<ProcessHandle> postmaster() {
    return postmasterPid(directory).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
  }

  @Override
  public void stop() throws IOException {
    stopping = true;
    watchdog.shutdownNow();
    EmbeddedPostgres running = postgres;
    if (running != null) {
      running.close();
    }
  }

  private synchronized void startPostgres() throws IOException {
    EmbeddedPostgres previous = postgres;
    if (previous != null) {
      // Releases the directory lock this JVM holds; its server is already gone.
      try {
        previous.close();
      } catch (IOException | RuntimeException e) {
        LOG.debug("Closing the dead embedded PostgreSQL: {}", e.getMessage());
      }
    }
    stopLeftover(directory);
    postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory)
            .setCleanDataDirectory(false)
            .setPort(port)
            .setServerConfig("max_connections", "100")
            // What a coach was told is stored must survive a power cut or an OS crash.
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .start();
  }

  private void restartIfDead() {
    if (stopping || postmaster().isPresent()) {
      return;
    }
    LOG.warn(
        "The embedded PostgreSQL on {} is gone; starting it again on port {}", directory, port);
    try {
      startPostgres();
      LOG.info("The embedded PostgreSQL is back on port {}", port);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Could not start the embedded PostgreSQL again; trying again in {} s: {}",
          WATCH_EVERY.toSeconds(),
          e.getMessage());
    }
  }

  /**
   * A postmaster left running on the directory by a process that died is stopped (SIGTERM, then
   * SIGKILL after {@link #STOP_WAIT}); a lock file whose process is gone is removed.
   */
  static void stopLeftover(Path directory) throws IOException {
    Path lockFile = directory.resolve("postmaster.pid");
    Optional<Long> pid = postmasterPid(directory);
    if (pid.isEmpty()) {
      return;
    }
    if (ownedByLiveProcess(directory)) {
      throw new IllegalStateException(
          "The database in "
              + directory
              + " is in use by another running CoachTrack process. Stop it first, or use another"
              + " DATA_DIR.");
    }
    Optional<ProcessHandle> leftover =
        ProcessHandle.of(pid.get())
            .filter(ProcessHandle::isAlive)
            .filter(EmbeddedDatabase::isPostgres);
    if (leftover.isPresent()) {
      ProcessHandle postmaster = leftover.get();
      LOG.warn(
          "A PostgreSQL (pid {}) left running on {} is stopped first", postmaster.pid(), directory);
      postmaster.destroy();
      if (!awaitExit(postmaster, STOP_WAIT)) {
        postmaster.descendants().forEach(ProcessHandle::destroyForcibly);
        postmaster.destroyForcibly();
        awaitExit(postmaster, STOP_WAIT);
      }
    }
    Files.deleteIfExists(lockFile);
  }

  /**
   * Whether a live process holds the directory (the embedded database's lock file is locked while
   * its JVM lives): then its PostgreSQL is in use, not left over.
   */
  private static boolean ownedByLiveProcess(Path directory) throws IOException {
    Path lock = directory.resolve(ZONKY_LOCK_FILE);
    if (!Files.exists(lock)) {
      return false;
    }
    try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
      FileLock held = channel.tryLock();
      if (held == null) {
        return true;
      }
      held.release();
      return false;
    } catch (OverlappingFileLockException e) {
      return true;
    }
  }

  private static boolean awaitExit(ProcessHandle process, Duration wait) {
    try {
      process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return !process.isAlive();
    }
  }

  /** A pid that has been reused by another program must not be killed. */
  private static boolean isPostgres(ProcessHandle process) {
    return process.info().command().map(command -> command.contains("postgres")).orElse(true);
  }

  private static Optional<Long> postmasterPid(Path directory) {
    try {
      List<String> lines = Files.readAllLines(directory.resolve("postmaster.pid"));
      return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
