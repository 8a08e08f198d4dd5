package com.coachtrack.service.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** How much room is left where a directory lives. */
@FunctionalInterface
public interface FreeSpace {

  /** Bytes this process may still write there. */
  long usableBytes() throws IOException;

  /** The file system holding {@code dir} (created when missing), asked afresh on every call. */
  static FreeSpace under(Path dir) {
    return () -> {
      Files.createDirectories(dir);
      return Files.getFileStore(dir).getUsableSpace();
    };
  }
}
