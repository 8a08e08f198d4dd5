package com.coachtrack.service;

import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.stream.Stream;

/**
 * What an upload can leave behind in a running app: session rows, stored files (sessions/) and
 * partial uploads (incoming/).
 */
record Leftovers(long sessionRows, long storedSessions, long partialUploads) {

  static Leftovers of(DropwizardAppExtension<TranscriptionConfiguration> app) {
    Path dataDir = Paths.get(app.getConfiguration().getDataDir());
    return new Leftovers(
        sessionRows(app.getConfiguration().getDatabase()),
        entries(dataDir.resolve("sessions")),
        entries(dataDir.resolve("incoming")));
  }

  private static long entries(Path dir) {
    if (!Files.exists(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long sessionRows(DataSourceFactory db) {
    try (Connection connection =
            DriverManager.getConnection(db.getUrl(), db.getUser(), db.getPassword());
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery("SELECT count(*) FROM transcription_session")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
