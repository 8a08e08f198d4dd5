package com.coachtrack.service.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.coachtrack.activities.testing.Tmpfs;
import com.coachtrack.service.errors.ApiException;
import com.codahale.metrics.Meter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The guard's arithmetic with a free-space probe the test sets (what runs where no tmpfs can be
 * mounted), and its refusal of a disk that really fills up, on a tmpfs.
 */
class DiskGuardTest {
  private static final long MB = 1024 * 1024;
  private final AtomicLong free = new AtomicLong(100 * MB);
  private final Meter refusals = new Meter();
  private final DiskGuard guard = new DiskGuard(free::get, Path.of("/data"), 10 * MB, refusals);

  @Test
  void anUploadThatWouldEatIntoTheReserveIsRefusedBeforeItIsRead() {
    guard.requireRoomFor(90 * MB);
    guard.requireRoomFor(-1);

    ApiException refused =
        catchThrowableOfType(() -> guard.requireRoomFor(90 * MB + 1), ApiException.class);

    assertThat(refused.status()).isEqualTo(507);
    assertThat(refused.code()).isEqualTo("insufficient_storage");
    assertThat(refused.getMessage()).contains("on our side", "Nothing is wrong with your file");
    assertThat(refused.retryAfterSeconds()).isEqualTo(DiskGuard.RETRY_AFTER_SECONDS);
    assertThat(refusals.getCount()).isEqualTo(1);
  }

  @Test
  void anUploadOfUnknownSizeIsRefusedOnceTheReserveIsReached() {
    free.set(10 * MB - 1);
    assertThatThrownBy(() -> guard.requireRoomFor(-1)).isInstanceOf(ApiException.class);
  }

  @Test
  void aStreamingUploadIsStoppedWhenTheRoomRunsOutWhileItIsWritten() {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    // A disk of 100 MB that the upload's own writes fill.
    DiskGuard filling =
        new DiskGuard(() -> 100 * MB - file.size(), Path.of("/data"), 10 * MB, refusals);
    byte[] block = new byte[64 * 1024];

    ApiException refused =
        catchThrowableOfType(
            () -> {
              try (OutputStream out = filling.watch(file)) {
                for (int i = 0; i < 2_000; i++) {
                  out.write(block);
                }
              }
            },
            ApiException.class);

    assertThat(refused.status()).isEqualTo(507);
    // Stopped within one check step after the reserve was reached, not at the end of the body.
    assertThat((long) file.size()).isBetween(90 * MB, 90 * MB + DiskGuard.CHECK_EVERY_BYTES);
    assertThat(refusals.getCount()).isEqualTo(1);
  }

  @Test
  void aProbeThatFailsLetsTheUploadThroughToBeJudgedByItsWrites() {
    DiskGuard blind =
        new DiskGuard(
            () -> {
              throw new IOException("statvfs failed");
            },
            Path.of("/data"),
            10 * MB,
            refusals);
    blind.requireRoomFor(1_000 * MB);
    assertThat(refusals.getCount()).isZero();
  }

  @Test
  void aDiskThatReallyFillsUpIsA507NotAnInterruptedUpload() throws IOException {
    try (Tmpfs disk = Tmpfs.mount(512 * 1024).orElse(null)) {
      assumeTrue(disk != null, "mounting a tmpfs needs root");
      // No reserve: only the disk itself says no.
      DiskGuard real = new DiskGuard(FreeSpace.under(disk.dir()), disk.dir(), 0, refusals);
      Path file = disk.dir().resolve("upload.part");

      ApiException refused =
          catchThrowableOfType(
              () -> {
                try (OutputStream out = real.watch(Files.newOutputStream(file))) {
                  for (int i = 0; i < 100; i++) {
                    out.write(new byte[64 * 1024]);
                  }
                }
              },
              ApiException.class);

      assertThat(refused.status()).isEqualTo(507);
      assertThat(refused.getSuppressed()[0]).hasMessageContaining("No space left on device");
      assertThat(real.refusalFor(new IOException("Connection reset by peer"))).isNull();
    }
  }
}
