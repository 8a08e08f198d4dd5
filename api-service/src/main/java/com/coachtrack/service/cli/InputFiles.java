package com.coachtrack.service.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What must hold of the recording and its folder before anything is sent. */
final class InputFiles {
  private InputFiles() {}

  /**
   * Why {@code input} cannot be transcribed (missing, not a file, unreadable, nowhere to write), if
   * so.
   */
  static Optional<String> check(Path input) {
    if (!Files.exists(input)) {
      return Optional.of("No such file: " + input);
    }
    if (!Files.isRegularFile(input)) {
      return Optional.of("Not a file: " + input + " (give the path of one recording)");
    }
    if (!Files.isReadable(input)) {
      return Optional.of("Cannot read " + input + " (permission denied)");
    }
    return checkOutputDir(input);
  }

  /** Checked before uploading: finding out after a three-hour transcription would be too late. */
  static Optional<String> checkOutputDir(Path input) {
    Path dir = input.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
      return Optional.of(
          "Cannot write the transcript beside "
              + input
              + ": "
              + dir
              + " is not writable. Copy the recording to a folder you can write to and run again.");
    }
    return Optional.empty();
  }
}
