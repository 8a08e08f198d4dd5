package com.coachtrack.service.disk;

import com.coachtrack.activities.failures.DiskFull;
import com.coachtrack.service.errors.ApiException;
import com.codahale.metrics.Meter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps uploads from filling the disk under DATA_DIR: one is refused (507) before it is read when
 * it would leave less than {@code MIN_FREE_MB}, and while it streams in as soon as the room drops
 * below that (a chunked body says nothing of its size up front), or when the disk fills regardless.
 * The reserve is what accepted sessions need to decode and the database to grow.
 */
public final class DiskGuard {
  private static final Logger LOG = LoggerFactory.getLogger(DiskGuard.class);

  /** A statvfs per 256 KB written: negligible next to the writes, and a fine enough step. */
  static final long CHECK_EVERY_BYTES = 256 * 1024;

  /** Long enough for an operator to free space or for the sweep and retention to run. */
  static final int RETRY_AFTER_SECONDS = 600;

  private final FreeSpace freeSpace;
  private final Path dir;
  private final long minFreeBytes;
  private final Meter refusals;

  /**
   * @param dir what {@code freeSpace} measures, for messages
   * @param minFreeBytes 0 turns the check off (a full disk is still refused with 507)
   * @param refusals marked once per refused upload
   */
  public DiskGuard(FreeSpace freeSpace, Path dir, long minFreeBytes, Meter refusals) {
    this.freeSpace = freeSpace;
    this.dir = dir;
    this.minFreeBytes = minFreeBytes;
    this.refusals = refusals;
  }

  public long minFreeBytes() {
    return minFreeBytes;
  }

  public Path dir() {
    return dir;
  }

  /** Bytes left under the directory now. */
  public long freeBytes() throws IOException {
    return freeSpace.usableBytes();
  }

  /**
   * Refuses an upload of {@code declaredBytes} (negative when unknown) that would leave less than
   * the reserve.
   */
  public void requireRoomFor(long declaredBytes) {
    long free = freeOrUnknown();
    if (free >= 0 && free - Math.max(0, declaredBytes) < minFreeBytes) {
      throw full(free, declaredBytes);
    }
  }

  /**
   * The upload's file as it is written: checked every {@link #CHECK_EVERY_BYTES}, refused as soon
   * as the reserve is reached or the disk is full. The caller deletes the file on any failure.
   */
  public OutputStream watch(OutputStream out) {
    return new WatchedOutputStream(out, this);
  }

  /** Whether the failure was the disk being full: then the upload is refused with 507. */
  public ApiException refusalFor(IOException failure) {
    return DiskFull.causedBy(failure) ? full(0, -1) : null;
  }

  void checkWhileWriting(long writtenSoFar) {
    long free = freeOrUnknown();
    if (free >= 0 && free < minFreeBytes) {
      throw full(free, writtenSoFar);
    }
  }

  private long freeOrUnknown() {
    try {
      return freeSpace.usableBytes();
    } catch (IOException e) {
      // Cannot tell: the upload goes ahead, and a full disk is still caught by its writes.
      LOG.warn("Cannot tell the free space under {}: {}", dir, e.toString());
      return -1;
    }
  }

  private ApiException full(long free, long bytes) {
    refusals.mark();
    LOG.warn(
        "Upload refused: {} MB free under {}, {} MB kept free (MIN_FREE_MB), upload of {}",
        free / (1024 * 1024),
        dir,
        minFreeBytes / (1024 * 1024),
        bytes < 0 ? "unknown size" : bytes / (1024 * 1024) + " MB");
    return new ApiException(
        507,
        "insufficient_storage",
        "We are short of storage space on our side, so the recording was not saved. Nothing is"
            + " wrong with your file: upload it again in about "
            + RETRY_AFTER_SECONDS / 60
            + " minutes.",
        RETRY_AFTER_SECONDS);
  }
}
