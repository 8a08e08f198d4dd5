package com.coachtrack.service.database;

import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Local mode only: a real PostgreSQL from Maven-shipped binaries, its files under the data
 * directory so a restart on the same directory keeps every session.
 */
public final class EmbeddedDatabase implements Managed {
  private final EmbeddedPostgres postgres;

  private EmbeddedDatabase(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedDatabase start(Path directory) throws IOException {
    Files.createDirectories(directory);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(directory)
            .setCleanDataDirectory(false)
            .setServerConfig("max_connections", "100")
            .start();
    return new EmbeddedDatabase(postgres);
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  @Override
  public void stop() throws IOException {
    postgres.close();
  }
}
