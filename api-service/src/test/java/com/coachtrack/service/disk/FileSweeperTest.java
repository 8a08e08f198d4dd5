package com.coachtrack.service.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSweeperTest {
  @TempDir Path dir;

  @Test
  void removesThisProcesssLeftoversOlderThanADayAndNothingElse() throws IOException {
    Instant now = Instant.now();
    Path incoming = Files.createDirectories(dir.resolve("data/incoming"));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path cutOff = file(incoming.resolve("upload-1.part"), now.minus(Duration.ofHours(25)));
    Path streaming = file(incoming.resolve("upload-2.part"), now.minus(Duration.ofMinutes(5)));
    Path capture = file(tmp.resolve("ffmpeg-9.err"), now.minus(Duration.ofDays(3)));
    Path stored = file(dir.resolve("data/sessions/s/upload"), now.minus(Duration.ofDays(3)));

    int deleted = new FileSweeper(incoming, tmp, null, Clock.systemUTC()).sweep();

    assertThat(deleted).isEqualTo(2);
    assertThat(cutOff).doesNotExist();
    assertThat(capture).doesNotExist();
    assertThat(streaming).exists();
    assertThat(stored).exists();
  }

  @Test
  void startsAndStopsWithTheApplication() {
    FileSweeper sweeper = new FileSweeper(dir, dir, null, Clock.systemUTC());
    sweeper.start();
    sweeper.stop();
  }

  private static Path file(Path path, Instant modified) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, "x");
    Files.setLastModifiedTime(path, FileTime.from(modified));
    return path;
  }
}
