package com.coachtrack.activities.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Leftovers of work that never finished: uploads cut off while streaming ({@code *.part}), decodes
 * and downloads interrupted half-way ({@code *.partial}), and the files ffmpeg runs keep in the
 * temporary directory. Each is deleted in a {@code finally} as a rule; these are what a killed
 * process or a failed delete left behind.
 */
public final class TempFiles {
  /** An upload streaming in (UploadService). */
  public static final Predicate<Path> PART = name(n -> n.endsWith(".part"));

  /** A decode, a download or a copy in progress (AudioActivitiesImpl, BlobCache). */
  public static final Predicate<Path> PARTIAL = name(n -> n.endsWith(".partial"));

  private TempFiles() {}

  /**
   * Deletes the files under {@code dir} (at any depth, never following links) that match and were
   * last modified before {@code cutoff}.
   *
   * @return how many were deleted
   */
  public static int deleteOlderThan(Path dir, Predicate<Path> matching, Instant cutoff)
      throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      return 0;
    }
    List<Path> old = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        if (matching.test(path) && isOldFile(path, cutoff)) {
          old.add(path);
        }
      }
    } catch (UncheckedIOException e) {
      // A directory removed while walking (a session deleted meanwhile) is not a failure.
      if (!(e.getCause() instanceof NoSuchFileException)) {
        throw e.getCause();
      }
    }
    int deleted = 0;
    for (Path path : old) {
      if (Files.deleteIfExists(path)) {
        deleted++;
      }
    }
    return deleted;
  }

  /**
   * Deletes what {@code Ffmpeg} runs left in the temporary directory {@code tmp} before {@code
   * cutoff}: their captured output ({@code ffmpeg-*.out}, {@code ffmpeg-*.err}) and the directories
   * holding the neutral link to their input ({@code ffmpeg-input-*}).
   *
   * @return how many were deleted
   */
  public static int deleteFfmpegLeftovers(Path tmp, Instant cutoff) throws IOException {
    if (!Files.isDirectory(tmp)) {
      return 0;
    }
    int deleted = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(tmp, "ffmpeg-*")) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        if ((name.endsWith(".out") || name.endsWith(".err")) && isOldFile(entry, cutoff)) {
          deleted += Files.deleteIfExists(entry) ? 1 : 0;
        } else if (name.startsWith("ffmpeg-input-")
            && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
            && isOld(entry, cutoff)) {
          // Holds one symbolic link to an upload: the link goes, never what it points at.
          try (DirectoryStream<Path> links = Files.newDirectoryStream(entry)) {
            for (Path link : links) {
              Files.deleteIfExists(link);
            }
          }
          deleted += Files.deleteIfExists(entry) ? 1 : 0;
        }
      }
    }
    return deleted;
  }

  private static boolean isOldFile(Path path, Instant cutoff) throws IOException {
    try {
      BasicFileAttributes attributes =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return attributes.isRegularFile()
          && attributes.lastModifiedTime().toInstant().isBefore(cutoff);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private static boolean isOld(Path path, Instant cutoff) throws IOException {
    try {
      return Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS)
          .toInstant()
          .isBefore(cutoff);
    } catch (NoSuchFileException e) {
      return false;
    }
  }

  private static Predicate<Path> name(Predicate<String> test) {
    return path -> test.test(path.getFileName().toString());
  }
}
