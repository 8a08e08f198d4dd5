package com.coachtrack.activities.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;

/**
 * A shell script standing in for an engine's program, for what a real engine cannot be made to do
 * on demand: hang. Each one starts a {@code sleep} as its own child, which holds the program's
 * output open as a real engine's helper would, and writes its pid and that child's pid beside
 * itself, so tests can look at both processes (their niceness, whether they are gone).
 */
public final class StandInProgram {
  private static final Duration WAIT_FOR_PID = Duration.ofSeconds(20);

  private final Path script;

  private StandInProgram(Path script) {
    this.script = script;
  }

  /** Sleeps for an hour without reading its input, as a program stuck while loading would. */
  public static StandInProgram hangingBeforeReading(Path dir) {
    return write(dir, "hangs-before-reading", "");
  }

  /** Reads all of its input, then sleeps for an hour without printing or exiting. */
  public static StandInProgram hangingAfterReading(Path dir) {
    return write(dir, "hangs-after-reading", "cat > /dev/null\n");
  }

  private static StandInProgram write(Path dir, String name, String beforeHanging) {
    try {
      Path home = Files.createDirectories(dir.resolve(name));
      Path script = home.resolve(name + ".sh");
      Files.writeString(
          script,
          "#!/bin/sh\n"
              + "# The arguments (the engine's options) are ignored.\n"
              + "here=$(dirname \"$0\")\n"
              + "echo $$ > \"$here/program.tmp\" && mv \"$here/program.tmp\" \"$here/program.pid\"\n"
              + beforeHanging
              + "sleep 3600 &\n"
              + "echo $! > \"$here/child.tmp\" && mv \"$here/child.tmp\" \"$here/child.pid\"\n"
              + "wait\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
      return new StandInProgram(script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Path path() {
    return script;
  }

  /** The program's pid, once it has started. */
  public long programPid() {
    return awaitPid("program.pid");
  }

  /** The pid of the {@code sleep} the program started, once it has started it. */
  public long childPid() {
    return awaitPid("child.pid");
  }

  /** Kills whatever of it still runs: what the code under test should have done. */
  public void killLeftovers() {
    for (String file : new String[] {"program.pid", "child.pid"}) {
      pid(file).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private long awaitPid(String file) {
    long deadline = System.nanoTime() + WAIT_FOR_PID.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Long> pid = pid(file);
      if (pid.isPresent()) {
        return pid.get();
      }
      sleep();
    }
    throw new AssertionError(script + " wrote no " + file + " within " + WAIT_FOR_PID);
  }

  private Optional<Long> pid(String file) {
    Path path = script.resolveSibling(file);
    try {
      return Files.exists(path)
          ? Optional.of(Long.parseLong(Files.readString(path).strip()))
          : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
