package com.coachtrack.service.metrics;

import com.coachtrack.service.disk.DiskGuard;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricSet;
import java.io.IOException;
import java.util.Map;

/**
 * Room left under DATA_DIR, as this process sees it (asked of the file system at each scrape: a
 * statvfs, no cache needed). -1 when it cannot be told.
 */
public final class DiskMetrics implements MetricSet {
  private final DiskGuard disk;

  public DiskMetrics(DiskGuard disk) {
    this.disk = disk;
  }

  @Override
  public Map<String, Metric> getMetrics() {
    return Map.of(
        "disk.free-mb", (Gauge<Long>) this::freeMb,
        "disk.min-free-mb", (Gauge<Long>) () -> disk.minFreeBytes() / (1024 * 1024));
  }

  private long freeMb() {
    try {
      return disk.freeBytes() / (1024 * 1024);
    } catch (IOException e) {
      return -1;
    }
  }
}
