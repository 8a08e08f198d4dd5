package com.coachtrack.service.cli;

import com.coachtrack.service.TranscriptionConfiguration;
import com.coachtrack.service.access.LoginThrottle;
import com.coachtrack.service.auth.Accounts;
import com.coachtrack.service.auth.Passwords;
import com.coachtrack.service.database.DatabaseMigrator;
import com.coachtrack.service.database.EmbeddedDatabase;
import com.coachtrack.service.errors.ApiException;
import com.github.benmanes.caffeine.cache.Ticker;
import io.dropwizard.core.cli.ConfiguredCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.db.DataSourceFactory;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/**
 * {@code java -jar api-service.jar coach add EMAIL NAME config/production.yml}: an operator adds a
 * coach (with {@code SIGNUP=closed}); it prints a one-time link, valid for a week, where the coach
 * sets their own password.
 */
public class CoachCommand extends ConfiguredCommand<TranscriptionConfiguration> {
  static final String ACTION = "action";
  static final String EMAIL = "email";
  static final String NAME = "name";

  public CoachCommand() {
    super("coach", "Manages built-in coach accounts: coach add EMAIL NAME CONFIG");
  }

  @Override
  public void configure(Subparser subparser) {
    subparser.addArgument(ACTION).choices("add").help("add: create an account and print its link");
    subparser.addArgument(EMAIL).help("the coach's email address (their sign-in name)");
    subparser.addArgument(NAME).help("the coach's name as the app shows it");
    super.configure(subparser);
  }

  @Override
  protected void run(
      Bootstrap<TranscriptionConfiguration> bootstrap,
      Namespace namespace,
      TranscriptionConfiguration config)
      throws Exception {
    DataSourceFactory database = config.getDatabase();
    EmbeddedDatabase embedded = null;
    if ("embedded".equals(database.getUrl())) {
      Path dataDir = Paths.get(config.getDataDir()).toAbsolutePath().normalize();
      embedded = EmbeddedDatabase.start(dataDir.resolve("postgres"));
      database.setUrl(embedded.jdbcUrl());
      database.setUser("postgres");
      database.setPassword("");
    }
    try {
      if (config.isMigrateOnStart()) {
        try (Connection connection =
            DriverManager.getConnection(
                database.getUrl(), database.getUser(), database.getPassword())) {
          DatabaseMigrator.migrate(connection);
        }
      }
      Jdbi jdbi =
          Jdbi.create(database.getUrl(), database.getUser(), database.getPassword())
              .installPlugin(new SqlObjectPlugin())
              .installPlugin(new PostgresPlugin());
      Accounts accounts =
          new Accounts(
              jdbi,
              Clock.systemUTC(),
              new Passwords(),
              new LoginThrottle(Ticker.systemTicker()),
              config.getAuth());
      String token = accounts.add(namespace.getString(EMAIL), namespace.getString(NAME));
      System.out.println(
          "Added "
              + namespace.getString(EMAIL)
              + ". Send them this link to set a password (valid for 7 days, once):");
      System.out.println(
          config.getAuth().getPublicUrl()
              + "/set-password?token="
              + URLEncoder.encode(token, StandardCharsets.UTF_8));
    } catch (ApiException e) {
      System.err.println(e.getMessage());
      throw e;
    } finally {
      if (embedded != null) {
        embedded.stop();
      }
    }
  }
}
