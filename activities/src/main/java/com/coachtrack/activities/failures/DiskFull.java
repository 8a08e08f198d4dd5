package com.coachtrack.activities.failures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * Recognises a full disk wherever it surfaces: a Java {@link IOException} ("No space left on
 * device"), a program's error output (ffmpeg prints the same words), PostgreSQL's {@code disk_full}
 * error class, or a file system with no room left. A full disk is always ours to fix, never a sign
 * of a damaged recording.
 */
public final class DiskFull {
  /** PostgreSQL's SQLSTATE class 53: insufficient resources; 53100 is disk_full. */
  private static final String POSTGRES_DISK_FULL = "53100";

  /** What the C library (strerror) and so Java, ffmpeg and PostgreSQL say for ENOSPC and EDQUOT. */
  private static final List<String> WORDS =
      List.of("no space left on device", "disk quota exceeded");

  /**
   * Below this much room a file system counts as full: writes of whole blocks fail there already,
   * and a program that lost its output there cannot be judged by what it printed.
   */
  static final long NEARLY_FULL_BYTES = 1024 * 1024;

  private DiskFull() {}

  /** Whether the failure, or anything that caused it, says the disk is full. */
  public static boolean causedBy(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && POSTGRES_DISK_FULL.equals(sql.getSQLState())) {
        return true;
      }
      if (mentionedIn(cause.getMessage())) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  /** Whether a program's output or a message says the disk is full. */
  public static boolean mentionedIn(String text) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    return WORDS.stream().anyMatch(lower::contains);
  }

  /**
   * Whether the file system holding {@code path} (or its nearest existing parent) has less than
   * about a megabyte left. False when that cannot be told.
   */
  public static boolean nearlyFull(Path path) {
    Path existing = path == null ? null : path.toAbsolutePath();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return false;
    }
    try {
      return Files.getFileStore(existing).getUsableSpace() < NEARLY_FULL_BYTES;
    } catch (IOException e) {
      return false;
    }
  }
}
