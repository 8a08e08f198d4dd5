package com.coachtrack.activities.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Local copies of a remote store's keys, each under the key's own path so a prefix drops them all.
 * A file appears in the cache whole or not at all; its modification time is when it was last used.
 */
final class BlobCache {
  private final Path dir;

  BlobCache(Path dir) throws IOException {
    this.dir = dir.toAbsolutePath().normalize();
    Files.createDirectories(this.dir);
  }

  Path dir() {
    return dir;
  }

  /** Where the key's copy lives (it may not exist); refuses keys that would leave the cache. */
  Path path(String key) {
    if (key == null || key.isEmpty() || key.startsWith("/") || key.contains("\\")) {
      throw new IllegalArgumentException("Not a storage key: " + key);
    }
    Path resolved = dir.resolve(key).normalize();
    if (!resolved.startsWith(dir) || resolved.equals(dir)) {
      throw new IllegalArgumentException("Storage key escapes the cache directory: " + key);
    }
    return resolved;
  }

  /** The key's copy if the cache has it, marked as just used. */
  Path hit(String key) {
    Path cached = path(key);
    if (!Files.isRegularFile(cached)) {
      return null;
    }
    touch(cached);
    return cached;
  }

  /** Moves a complete file into the cache as the key's copy. */
  Path adopt(Path file, String key) throws IOException {
    Path cached = path(key);
    if (!file.toAbsolutePath().normalize().equals(cached)) {
      Files.createDirectories(cached.getParent());
      moveIntoPlace(file, cached);
    }
    return cached;
  }

  /** A temporary file beside where the key's copy goes, for a download in progress. */
  Path partialFor(String key) throws IOException {
    Path cached = path(key);
    Files.createDirectories(cached.getParent());
    return Files.createTempFile(cached.getParent(), ".download-", ".partial");
  }

  /** Drops every copy under the prefix. */
  void deleteAll(String prefix) throws IOException {
    deleteTree(path(prefix));
  }

  /**
   * Drops local copies last used before {@code maxAge} ago (uploads and PCM of sessions this
   * process worked on); they are downloaded again if needed. Nothing else removes copies of
   * sessions whose cleanup ran elsewhere.
   *
   * @return how many files were deleted
   */
  int prune(Duration maxAge) throws IOException {
    FileTime cutoff = FileTime.from(Instant.now().minus(maxAge));
    int deleted = 0;
    List<Path> files;
    try (Stream<Path> paths = Files.walk(dir)) {
      files = paths.filter(Files::isRegularFile).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (Path file : files) {
      try {
        if (Files.getLastModifiedTime(file).compareTo(cutoff) < 0 && Files.deleteIfExists(file)) {
          deleted++;
        }
      } catch (NoSuchFileException e) {
        // Deleted concurrently.
      }
    }
    return deleted;
  }

  private static void touch(Path file) {
    try {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
    } catch (IOException e) {
      // Only pruneCache reads it; a copy in use that gets pruned is downloaded again.
    }
  }

  private static void moveIntoPlace(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      // Another file system: copy next to the target, then rename there, so no reader sees half a
      // file.
      Path partial = Files.createTempFile(to.getParent(), ".copy-", ".partial");
      try {
        Files.copy(from, partial, StandardCopyOption.REPLACE_EXISTING);
        Files.move(
            partial, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.deleteIfExists(from);
      } finally {
        Files.deleteIfExists(partial);
      }
    }
  }

  private static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(path)) {
      paths = walk.sorted(Comparator.reverseOrder()).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (Path p : paths) {
      Files.deleteIfExists(p);
    }
  }
}
