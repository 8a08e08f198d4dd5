package com.coachtrack.activities.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A small real file system (tmpfs) to fill up, for testing what a full disk does. Mounting needs
 * root, which CI has; where it is refused, {@link #mount} says so and the tests that need it are
 * skipped (the logic is also covered with an injected free-space probe).
 */
public final class Tmpfs implements AutoCloseable {
  private final Path dir;
  private int fillers;

  private Tmpfs(Path dir) {
    this.dir = dir;
  }

  /** A fresh tmpfs of {@code bytes}, or empty when this machine does not allow mounting one. */
  public static Optional<Tmpfs> mount(long bytes) {
    try {
      Path dir = Files.createTempDirectory("coachtrack-tmpfs-");
      if (run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", dir.toString()) != 0) {
        Files.deleteIfExists(dir);
        return Optional.empty();
      }
      return Optional.of(new Tmpfs(dir));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  public Path dir() {
    return dir;
  }

  /** Whether the tmpfs is still mounted at {@link #dir()} (per /proc/self/mounts). */
  public boolean isMounted() {
    try {
      return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
          .map(line -> line.split(" "))
          .anyMatch(f -> f.length > 2 && f[1].equals(dir.toString()) && f[2].equals("tmpfs"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What a non-privileged writer may still write here. */
  public long usableBytes() {
    try {
      return Files.getFileStore(dir).getUsableSpace();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Writes a filler file so that about {@code bytes} stay free (never less: tmpfs counts whole
   * pages).
   *
   * @return the filler, to delete when room should come back
   */
  public Path fillLeaving(long bytes) {
    long toWrite = usableBytes() - bytes;
    Path filler = dir.resolve(".filler-" + fillers++);
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (toWrite > 0) {
        int n = (int) Math.min(block.length, toWrite);
        out.write(block, 0, n);
        toWrite -= n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return filler;
  }

  /** Fills it completely: the next write of any size fails with "No space left on device". */
  public Path fillUp() {
    Path filler = dir.resolve(".filler-" + fillers++);
    byte[] block = new byte[4096];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException e) {
      // Full.
    }
    return filler;
  }

  /** Grows (or shrinks) the file system in place, as an operator adding disk would. */
  public void resize(long bytes) {
    try {
      if (run("mount", "-o", "remount,size=" + bytes, dir.toString()) != 0) {
        throw new IllegalStateException("Could not resize the tmpfs at " + dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    // Lazy: a process of the test (an embedded server) may still hold a file open here.
    run("umount", "-l", dir.toString());
    Files.deleteIfExists(dir);
  }

  private static int run(String... command) throws IOException {
    Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return -1;
      }
      if (process.exitValue() != 0) {
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.err.println(String.join(" ", command) + ": " + output.strip());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }
}
