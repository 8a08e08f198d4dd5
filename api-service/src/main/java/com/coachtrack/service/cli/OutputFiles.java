package com.coachtrack.service.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the transcript goes: next to the recording as {@code <name>.<ext>}; when that exists,
 * {@code <name>-1.<ext>}, {@code <name>-2.<ext>}... Never overwrites: the file is created
 * exclusively, so even a file that appears meanwhile is kept.
 */
public final class OutputFiles {
  private static final int MAX_TRIES = 1000;

  private OutputFiles() {}

  /**
   * {@code talk.mp3} and {@code srt} give {@code talk.srt}; a name without extension keeps its
   * whole name.
   */
  public static String baseName(Path input) {
    String name = input.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  /** The first free name, as it would be chosen now (the write itself re-checks). */
  public static Path candidate(Path dir, String base, String extension, int attempt) {
    return dir.resolve(
        attempt == 0 ? base + "." + extension : base + "-" + attempt + "." + extension);
  }

  /** Copies {@code content} to a new file beside {@code input} and returns its path. */
  public static Path writeBeside(Path input, String extension, InputStream content)
      throws IOException {
    Path dir = input.toAbsolutePath().getParent();
    String base = baseName(input);
    for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
      Path target = candidate(dir, base, extension, attempt);
      OutputStream out;
      try {
        out =
            Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      try (out) {
        content.transferTo(out);
      } catch (IOException e) {
        Files.deleteIfExists(target);
        throw e;
      }
      return target;
    }
    throw new IOException(
        "Every name from "
            + candidate(dir, base, extension, 0)
            + " to "
            + candidate(dir, base, extension, MAX_TRIES - 1)
            + " is taken; move some old transcripts away.");
  }
}
