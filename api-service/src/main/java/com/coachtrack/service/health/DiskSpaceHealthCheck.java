package com.coachtrack.service.health;

import com.coachtrack.service.disk.DiskGuard;
import com.codahale.metrics.health.HealthCheck;
import java.io.IOException;

/**
 * Unhealthy while less than {@code MIN_FREE_MB} is free under DATA_DIR: uploads are being refused
 * with 507 then, and decoding or the database may soon fail for lack of room.
 */
public final class DiskSpaceHealthCheck extends HealthCheck {
  private static final long MB = 1024 * 1024;
  private final DiskGuard disk;

  public DiskSpaceHealthCheck(DiskGuard disk) {
    this.disk = disk;
  }

  @Override
  protected Result check() throws IOException {
    long free = disk.freeBytes();
    String state =
        free / MB
            + " MB free under "
            + disk.dir()
            + " (MIN_FREE_MB "
            + disk.minFreeBytes() / MB
            + ")";
    if (free < disk.minFreeBytes()) {
      return Result.unhealthy(
          state + ": uploads are refused with 507 until space is freed (docs/operators.md, Disk)");
    }
    return Result.healthy(state);
  }
}
