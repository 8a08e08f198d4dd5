package com.coachtrack.activities.failures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.coachtrack.activities.testing.Tmpfs;
import com.coachtrack.workflows.status.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskFullTest {

  @Test
  void aRealWriteOntoAFullFileSystemIsRecognised() throws IOException {
    try (Tmpfs disk = Tmpfs.mount(256 * 1024).orElse(null)) {
      assumeTrue(disk != null, "mounting a tmpfs needs root");
      disk.fillUp();
      IOException thrown = null;
      try (OutputStream out = Files.newOutputStream(disk.dir().resolve("more"))) {
        out.write(new byte[8192]);
      } catch (IOException e) {
        thrown = e;
      }
      assertThat(thrown).isNotNull();
      assertThat(DiskFull.causedBy(new UncheckedIOException(thrown))).isTrue();
      assertThat(DiskFull.nearlyFull(disk.dir().resolve("not/yet/there"))).isTrue();
    }
  }

  @Test
  void ffmpegsWordsForAFullDiskAreRecognised() {
    assertThat(
            DiskFull.mentionedIn(
                "av_interleaved_write_frame(): No space left on device\n"
                    + "Error writing trailer of file:/data/x.pcm: No space left on device"))
        .isTrue();
    assertThat(DiskFull.mentionedIn("Error writing trailer: Disk quota exceeded")).isTrue();
    assertThat(DiskFull.mentionedIn("Invalid data found when processing input")).isFalse();
    assertThat(DiskFull.mentionedIn("")).isFalse();
    assertThat(DiskFull.mentionedIn(null)).isFalse();
  }

  @Test
  void postgresqlsDiskFullClassIsRecognisedWhateverItsWords() {
    SQLException diskFull = new SQLException("could not extend file \"base/5/16384\"", "53100");
    assertThat(DiskFull.causedBy(new ConnectionException(diskFull))).isTrue();
    SQLException other = new SQLException("connection refused", "08001");
    assertThat(DiskFull.causedBy(new ConnectionException(other))).isFalse();
  }

  @Test
  void aDatabaseWithAFullDiskIsAStorageErrorAndAnOutageADatabaseError() {
    var full =
        Failures.databaseFailure(
            new ConnectionException(new SQLException("No space left on device", "53100")));
    assertThat(full.getType()).isEqualTo(ErrorCode.STORAGE_ERROR.failureType());
    assertThat(full.isNonRetryable()).isFalse();
    var down =
        Failures.databaseFailure(
            new ConnectionException(new SQLException("Connection refused", "08001")));
    assertThat(down.getType()).isEqualTo(ErrorCode.DATABASE_ERROR.failureType());
  }

  @Test
  void aRoomyFileSystemIsNotNearlyFull(@TempDir Path dir) {
    assertThat(DiskFull.nearlyFull(dir)).isFalse();
    assertThat(DiskFull.nearlyFull(null)).isFalse();
    assertThat(DiskFull.causedBy(new FileSystemException("/x", null, "Permission denied")))
        .isFalse();
  }
}
