package com.coachtrack.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** A real PostgreSQL with the project's real changelog, for persistence tests. */
public final class TestDatabase implements AutoCloseable {
  private final EmbeddedPostgres postgres;
  public final Jdbi jdbi;

  public TestDatabase() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
      new CommandScope(UpdateCommandStep.COMMAND_NAME)
          .addArgumentValue(
              DbUrlConnectionArgumentsCommandStep.DATABASE_ARG,
              DatabaseFactory.getInstance()
                  .findCorrectDatabaseImplementation(new JdbcConnection(connection)))
          .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, "db/changelog.xml")
          .execute();
    }
    jdbi =
        Jdbi.create(postgres.getPostgresDatabase())
            .installPlugin(new SqlObjectPlugin())
            .installPlugin(new PostgresPlugin());
  }

  /** A connection of its own, outside Jdbi (what a LISTEN needs). */
  public Connection connection() throws SQLException {
    return postgres.getPostgresDatabase().getConnection();
  }

  @Override
  public void close() throws IOException {
    postgres.close();
  }
}
