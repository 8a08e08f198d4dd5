package com.coachtrack.service.database;

import java.sql.Connection;
import liquibase.command.CommandScope;
import liquibase.command.core.UpdateCommandStep;
import liquibase.command.core.helpers.DbUrlConnectionArgumentsCommandStep;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;

/**
 * Applies the migrations module's changelog at start-up (Dropwizard's {@code db migrate} does the
 * same).
 */
public final class DatabaseMigrator {
  public static final String CHANGELOG = "db/changelog.xml";

  private DatabaseMigrator() {}

  public static void migrate(Connection connection) throws LiquibaseException {
    Database database =
        DatabaseFactory.getInstance()
            .findCorrectDatabaseImplementation(new JdbcConnection(connection));
    new CommandScope(UpdateCommandStep.COMMAND_NAME)
        .addArgumentValue(DbUrlConnectionArgumentsCommandStep.DATABASE_ARG, database)
        .addArgumentValue(UpdateCommandStep.CHANGELOG_FILE_ARG, CHANGELOG)
        .execute();
  }
}
