package com.coachtrack.service.cli;

import com.coachtrack.service.auth.Secrets;
import io.dropwizard.core.Application;
import io.dropwizard.core.Configuration;
import io.dropwizard.core.ConfiguredBundle;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.cli.ServerCommand;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;

/**
 * The whole application started inside this process for one {@code transcribe} run: the same code
 * path as {@code server config/local.yml}, with a configuration written from {@code
 * cli/embedded.yml} (concrete values, no environment variables, ports chosen by the OS on
 * 127.0.0.1, logs in a file under the data directory). Sessions, uploads and the database stay in
 * the data directory between runs.
 */
public final class EmbeddedServer implements AutoCloseable {
  static final String TEMPLATE = "/cli/embedded.yml";

  private final Server jetty;
  private final URI uri;
  private final Path logFile;
  private final String proxySecret;

  private EmbeddedServer(Server jetty, URI uri, Path logFile, String proxySecret) {
    this.proxySecret = proxySecret;
    this.jetty = jetty;
    this.uri = uri;
    this.logFile = logFile;
  }

  /**
   * Starts the application and returns once it answers HTTP.
   *
   * @param application a new instance of the service's application
   * @param dataDir uploads, decoded audio and the embedded PostgreSQL's files
   * @param engine auto, sphinx4 or pocketsphinx
   * @throws IllegalStateException when it did not start (the message says why and where the log is)
   */
  public static <C extends Configuration> EmbeddedServer start(
      Application<C> application, Path dataDir, String engine) throws IOException {
    Path data = dataDir.toAbsolutePath().normalize();
    Files.createDirectories(data.resolve("logs"));
    Path logFile = data.resolve("logs").resolve("embedded-server.log");
    Path config = Files.createTempFile("coachtrack-embedded-", ".yml");
    try {
      String proxySecret = Secrets.random();
      Files.writeString(
          config, configuration(data, engine, logFile, proxySecret), StandardCharsets.UTF_8);
      AtomicReference<Server> jetty = new AtomicReference<>();
      Bootstrap<C> bootstrap = new Bootstrap<>(application);
      bootstrap.addCommand(new ServerCommand<>(application));
      application.initialize(bootstrap);
      bootstrap.addBundle(
          new ConfiguredBundle<C>() {
            @Override
            public void run(C configuration, Environment environment) {
              environment.lifecycle().addServerLifecycleListener(jetty::set);
            }
          });
      // Dropwizard's own command line, so its output (a stack trace when start-up fails) goes to
      // the log, not over the progress line.
      ByteArrayOutputStream cliOutput = new ByteArrayOutputStream();
      PrintStream captured = new PrintStream(cliOutput, true, StandardCharsets.UTF_8);
      Optional<Throwable> failure;
      // Start-up chatter that bypasses logging (Liquibase's migration summary) goes to the log too.
      PrintStream stdout = System.out;
      System.setOut(captured);
      try {
        failure =
            new Cli(new JarLocation(EmbeddedServer.class), bootstrap, captured, captured)
                .run("server", config.toString());
      } finally {
        System.setOut(stdout);
      }
      appendToLog(logFile, cliOutput.toString(StandardCharsets.UTF_8));
      if (failure.isPresent() || jetty.get() == null) {
        Server started = jetty.get();
        if (started != null) {
          stopQuietly(started);
        }
        String reason = failure.map(TranscribeClient::describe).orElse("no HTTP server came up");
        throw new IllegalStateException(
            "The embedded server did not start ("
                + reason
                + "). Is another transcribe already using "
                + data
                + "? Use --data-dir, or --server to use a running server. Log: "
                + logFile,
            failure.orElse(null));
      }
      return new EmbeddedServer(
          jetty.get(),
          URI.create("http://127.0.0.1:" + applicationPort(jetty.get())),
          logFile,
          proxySecret);
    } finally {
      Files.deleteIfExists(config);
    }
  }

  /** The base URL of the API, e.g. {@code http://127.0.0.1:41234}. */
  public URI uri() {
    return uri;
  }

  /**
   * What this command sends as {@code X-Proxy-Secret}: the embedded server believes its {@code
   * X-Coach-Id} from loopback with this secret, made for this run.
   */
  public String proxySecret() {
    return proxySecret;
  }

  public Path logFile() {
    return logFile;
  }

  /** Stops the HTTP server, the worker, Temporal and PostgreSQL; the data directory stays. */
  @Override
  public void close() {
    stopQuietly(jetty);
  }

  /** The template with this run's values; single-quoted YAML, so only a quote needs escaping. */
  static String configuration(Path dataDir, String engine, Path logFile, String proxySecret)
      throws IOException {
    String template;
    try (InputStream in = EmbeddedServer.class.getResourceAsStream(TEMPLATE)) {
      if (in == null) {
        throw new IOException("Missing resource " + TEMPLATE);
      }
      template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String archive = logFile.resolveSibling("embedded-server-%d.log.gz").toString();
    return template
        .replace("@DATA_DIR@", yamlQuoted(dataDir.toString()))
        .replace("@ENGINE@", yamlQuoted(engine))
        .replace("@LOG_FILE@", yamlQuoted(logFile.toString()))
        .replace("@LOG_ARCHIVE@", yamlQuoted(archive))
        .replace("@PROXY_SECRET@", yamlQuoted(proxySecret));
  }

  private static String yamlQuoted(String value) {
    return value.replace("'", "''");
  }

  private static int applicationPort(Server server) {
    Connector[] connectors = server.getConnectors();
    for (Connector connector : connectors) {
      if (connector instanceof NetworkConnector network
          && connector.getName() != null
          && connector.getName().startsWith("application")) {
        return network.getLocalPort();
      }
    }
    // Dropwizard adds the application connectors first.
    return ((NetworkConnector) connectors[0]).getLocalPort();
  }

  private static void appendToLog(Path logFile, String text) {
    if (text.isBlank()) {
      return;
    }
    try {
      Files.writeString(
          logFile,
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      // The exception thrown to the caller still says why.
    }
  }

  private static void stopQuietly(Server server) {
    try {
      server.stop();
    } catch (Exception e) {
      // Stopping at the end of a run: nothing left to save.
    }
  }
}
