package com.coachtrack.service.cli;

import com.coachtrack.service.TranscriptionApplication;
import com.coachtrack.service.TranscriptionConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * The real application for the command-line tests, as {@code com.coachtrack.service.TestApps} starts it
 * (embedded PostgreSQL, Temporal's test server, a real engine, ports 0 in test.yml), plus the shared audio.
 */
final class CliTestApps {
  private CliTestApps() {}

  static DropwizardAppExtension<TranscriptionConfiguration> app(String engine, ConfigOverride... extra) {
    Path dataDir;
    try {
      dataDir = Files.createTempDirectory("coachtrack-cli-test-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // No '[' in overrides: Sphinx4 reads every system property holding one as its own setting.
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

  /** A file of the shared (read-only) audio directory. */
  static Path audio(String name) {
    String dir = System.getProperty("shared.audio.dir", "../../shared/audio");
    Path path = Paths.get(dir).resolve(name);
    if (!Files.exists(path)) {
      path = Paths.get("../../shared/audio").resolve(name);
    }
    return path.toAbsolutePath().normalize();
  }

  /** A writable copy of a shared recording in {@code dir}: the transcript is written beside it. */
  static Path copy(String name, Path dir) {
    Path source = audio(name);
    try {
      Path target = dir.resolve(source.getFileName());
      Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
      target.toFile().setWritable(true);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
