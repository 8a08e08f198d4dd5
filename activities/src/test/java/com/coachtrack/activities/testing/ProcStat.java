package com.coachtrack.activities.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** What Linux says about a process in {@code /proc/<pid>/stat}. */
public final class ProcStat {
  private ProcStat() {}

  /** Field 19 of the stat line: the process's niceness. */
  public static int niceness(long pid) {
    return Integer.parseInt(
        fieldsAfterName(pid).orElseThrow(() -> new AssertionError("no process " + pid))[16]);
  }

  /**
   * Whether the process still exists and is not a zombie: a killed process whose parent has not
   * reaped it yet (an orphan waits for the container's init) runs no more.
   */
  public static boolean isRunning(long pid) {
    return fieldsAfterName(pid).map(fields -> !fields[0].equals("Z")).orElse(false);
  }

  /** Waits a little for a killed process to go: a kill is delivered, not done, when sent. */
  public static boolean goneWithin(long pid, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (isRunning(pid)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /**
   * The fields from the third (state) on: the second, the command name in parentheses, may itself
   * hold spaces and parentheses, so the line is split after its last ')'.
   */
  private static Optional<String[]> fieldsAfterName(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return Optional.of(stat.substring(stat.lastIndexOf(')') + 2).strip().split(" "));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // A process that is going away can refuse the read (ESRCH) before its directory goes.
      if (!Files.isDirectory(Path.of("/proc", Long.toString(pid)))) {
        return Optional.empty();
      }
      throw new UncheckedIOException(e);
    }
  }
}
