package com.coachtrack.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFilesTest {
  private static final Instant CUTOFF = Instant.now().minus(Duration.ofDays(1));

  @TempDir Path dir;

  @Test
  void deletesOnlyMatchingFilesOlderThanTheCutoff() throws IOException {
    Path oldPart = file(dir.resolve("incoming/upload-1.part"), CUTOFF.minusSeconds(60));
    Path youngPart = file(dir.resolve("incoming/upload-2.part"), CUTOFF.plusSeconds(60));
    Path oldOther = file(dir.resolve("incoming/keep.txt"), CUTOFF.minusSeconds(60));
    Path deepPartial =
        file(dir.resolve("sessions/a/.download-1.partial"), CUTOFF.minusSeconds(3600));

    assertThat(TempFiles.deleteOlderThan(dir.resolve("incoming"), TempFiles.PART, CUTOFF))
        .isEqualTo(1);
    assertThat(TempFiles.deleteOlderThan(dir, TempFiles.PARTIAL, CUTOFF)).isEqualTo(1);

    assertThat(oldPart).doesNotExist();
    assertThat(youngPart).exists();
    assertThat(oldOther).exists();
    assertThat(deepPartial).doesNotExist();
    assertThat(TempFiles.deleteOlderThan(dir.resolve("missing"), TempFiles.PART, CUTOFF)).isZero();
  }

  @Test
  void deletesFfmpegLeftoversButNeverWhatTheirLinksPointAt() throws IOException {
    Path upload = file(dir.resolve("data/sessions/x/upload"), CUTOFF.minusSeconds(3600));
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Path out = file(tmp.resolve("ffmpeg-1.out"), CUTOFF.minusSeconds(60));
    Path err = file(tmp.resolve("ffmpeg-1.err"), CUTOFF.minusSeconds(60));
    Path running = file(tmp.resolve("ffmpeg-2.err"), CUTOFF.plusSeconds(60));
    Path inputDir = Files.createDirectories(tmp.resolve("ffmpeg-input-3"));
    Files.createSymbolicLink(inputDir.resolve("input"), upload);
    Files.setLastModifiedTime(inputDir, FileTime.from(CUTOFF.minusSeconds(60)));
    Path jave = Files.createDirectories(tmp.resolve("jave"));
    Path bundled = file(jave.resolve("ffmpeg-amd64"), CUTOFF.minusSeconds(60));

    assertThat(TempFiles.deleteFfmpegLeftovers(tmp, CUTOFF)).isEqualTo(3);

    assertThat(out).doesNotExist();
    assertThat(err).doesNotExist();
    assertThat(inputDir).doesNotExist();
    assertThat(running).exists();
    assertThat(upload).exists();
    assertThat(bundled).exists();
  }

  private static Path file(Path path, Instant modified) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, "x");
    Files.setLastModifiedTime(path, FileTime.from(modified));
    return path;
  }
}
