package com.coachtrack.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The PostgreSQL of {@code bench/chaos}: the zonky embedded PostgreSQL that the shaded {@code
 * api-service.jar} carries, started on a fixed port with its files in a directory of the bench's
 * work directory, as a process of its own (in production the database is not inside any app
 * process). The app processes reach it only through the driver's cuttable proxy; the driver itself
 * reads it directly.
 *
 * <p>Usage: {@code java -cp CLASSES:api-service.jar com.coachtrack.bench.ChaosPostgres DATA_DIR
 * PORT}. Prints {@code READY port=PORT} once it accepts connections (user {@code postgres}, no
 * password, database {@code postgres}) and runs until SIGTERM, which stops PostgreSQL cleanly.
 */
public final class ChaosPostgres {
  private ChaosPostgres() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: ChaosPostgres DATA_DIR PORT");
      System.exit(2);
    }
    Path directory = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    Files.createDirectories(directory);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory)
            .setCleanDataDirectory(false)
            .setPort(port)
            .setRegisterShutdownHook(false)
            // One API process holds up to 2 x 32 connections, each worker 32 (docs/operators.md).
            .setServerConfig("max_connections", "300")
            .start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    postgres.close();
                  } catch (Exception e) {
                    System.err.println("ChaosPostgres: could not stop PostgreSQL: " + e);
                  }
                  stopped.countDown();
                },
                "stop-postgres"));
    System.out.println("READY port=" + postgres.getPort());
    System.out.flush();
    stopped.await();
  }
}
