package com.coachtrack.activities.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Keys are files under one root directory; a key can never reach outside it. */
public final class LocalBlobStore implements BlobStore {
  private final Path root;

  public LocalBlobStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  Path resolve(String key) {
    Path resolved = root.resolve(key).normalize();
    if (!resolved.startsWith(root) || resolved.equals(root)) {
      throw new IllegalArgumentException("Storage key escapes the data directory: " + key);
    }
    return resolved;
  }

  @Override
  public Path localCopy(String key) throws IOException {
    Path path = resolve(key);
    if (!Files.exists(path)) {
      throw new java.nio.file.NoSuchFileException(key);
    }
    return path;
  }

  @Override
  public void put(String key, Path file) throws IOException {
    Path target = resolve(key);
    Files.createDirectories(target.getParent());
    if (file.toAbsolutePath().normalize().equals(target)) {
      return;
    }
    Files.move(file, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  @Override
  public boolean exists(String key) {
    return Files.exists(resolve(key));
  }

  @Override
  public void deleteAll(String prefix) throws IOException {
    Path dir = resolve(prefix);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(LocalBlobStore::deleteQuietly);
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public List<StoredFile> list(String prefix) throws IOException {
    Path start = resolve(prefix);
    if (!Files.exists(start)) {
      return List.of();
    }
    List<StoredFile> files = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(start)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        try {
          BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
          if (attributes.isRegularFile()) {
            files.add(new StoredFile(key(path), attributes.lastModifiedTime().toInstant()));
          }
        } catch (NoSuchFileException e) {
          // Deleted while we looked.
        }
      }
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof NoSuchFileException)) {
        throw e.getCause();
      }
    }
    return files;
  }

  private String key(Path path) {
    return root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
