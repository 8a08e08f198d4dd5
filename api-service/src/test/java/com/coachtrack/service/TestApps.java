package com.coachtrack.service;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The real application for tests: embedded PostgreSQL, Temporal's test server, a real engine, port
 * 0.
 */
public final class TestApps {
  private TestApps() {}

  public static DropwizardAppExtension<TranscriptionConfiguration> app(
      String engine, ConfigOverride... extra) {
    return app(engine, tempDir(), extra);
  }

  /**
   * The app on a given data directory. (Dropwizard keeps overrides in a set, applied in no set
   * order, so a key must never be overridden twice: this is how to choose the directory.)
   */
  public static DropwizardAppExtension<TranscriptionConfiguration> app(
      String engine, Path dataDir, ConfigOverride... extra) {
    // Ports are 0 in test.yml: Sphinx4 reads every system property holding '[' as its own setting,
    // and
    // ConfigOverride passes overrides as system properties.
    ConfigOverride[] base = {
      ConfigOverride.config("dataDir", dataDir.toString()),
      ConfigOverride.config("engine", engine),
      ConfigOverride.config("temporal.embeddedPort", "0"),
      ConfigOverride.config("logging.level", "WARN"),
    };
    ConfigOverride[] all = new ConfigOverride[base.length + extra.length];
    System.arraycopy(base, 0, all, 0, base.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return new DropwizardAppExtension<>(
        TranscriptionApplication.class, ResourceHelpers.resourceFilePath("test.yml"), all);
  }

  /** A fresh data directory. */
  public static Path tempDir() {
    try {
      return Files.createTempDirectory("coachtrack-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A personal access token for the coach, made through the API as that coach (named by the test
   * proxy): what the CLI and scripts sign in with.
   */
  public static String tokenFor(DropwizardAppExtension<?> app, String coach) {
    ApiClient api = new ApiClient(app.getLocalPort());
    HttpResponse<String> created =
        api.send(
            api.request("/api/v1/tokens", coach)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"test\"}"))
                .build());
    if (created.statusCode() != 201) {
      throw new AssertionError("No token: " + created.statusCode() + " " + created.body());
    }
    return ApiClient.json(created).get("token").asText();
  }

  public static Path audio(String name) {
    String dir = System.getProperty("shared.audio.dir", "../../shared/audio");
    Path path = Paths.get(dir).resolve(name);
    if (!Files.exists(path)) {
      path = Paths.get("../../shared/audio").resolve(name);
    }
    return path.toAbsolutePath().normalize();
  }
}
