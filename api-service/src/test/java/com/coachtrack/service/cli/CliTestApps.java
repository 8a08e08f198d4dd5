package com.coachtrack.service.cli;

import com.coachtrack.service.TestApps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writable copies of the shared recordings: the command writes its transcript beside its input. */
final class CliTestApps {
  private CliTestApps() {}

  /** A writable copy of a shared recording in {@code dir}: the transcript is written beside it. */
  static Path copy(String name, Path dir) {
    Path source = TestApps.audio(name);
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
