package com.coachtrack.service.disk;

import com.coachtrack.activities.audio.Ffmpeg;
import com.coachtrack.activities.storage.S3BlobStore;
import com.coachtrack.activities.storage.TempFiles;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's own leftovers, swept every hour: uploads cut off while streaming in ({@code
 * incoming/*.part}), the temporary files of ffmpeg runs, and (with S3 storage) cached copies not
 * used for a day. What is shared by every process (files of sessions that have no row, decoded
 * audio nothing will read) is swept once a day by the cleanup workflow instead.
 */
public final class FileSweeper implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(FileSweeper.class);

  /** Nothing in progress is this old: uploads and decodes take minutes, cached audio is touched. */
  static final Duration MAX_AGE = Duration.ofDays(1);

  static final Duration EVERY = Duration.ofHours(1);

  private final Path incomingDir;
  private final Path tmpDir;
  private final S3BlobStore s3;
  private final Clock clock;
  private ScheduledExecutorService timer;

  /**
   * @param s3 the store whose cache is pruned, or null with local storage
   */
  public FileSweeper(Path incomingDir, S3BlobStore s3, Clock clock) {
    this(incomingDir, Ffmpeg.captureDir(), s3, clock);
  }

  FileSweeper(Path incomingDir, Path tmpDir, S3BlobStore s3, Clock clock) {
    this.incomingDir = incomingDir;
    this.tmpDir = tmpDir;
    this.s3 = s3;
    this.clock = clock;
  }

  @Override
  public void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "file-sweeper");
              thread.setDaemon(true);
              return thread;
            });
    // Not at once: start-up is busy enough, and a crash loop should not sweep on every start.
    timer.scheduleWithFixedDelay(this::sweepQuietly, 5, EVERY.toMinutes(), TimeUnit.MINUTES);
  }

  @Override
  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /**
   * One sweep.
   *
   * @return how many files were deleted
   */
  public int sweep() throws IOException {
    Instant cutoff = clock.instant().minus(MAX_AGE);
    int deleted = TempFiles.deleteOlderThan(incomingDir, TempFiles.PART, cutoff);
    deleted += TempFiles.deleteFfmpegLeftovers(tmpDir, cutoff);
    if (s3 != null) {
      deleted += s3.pruneCache(MAX_AGE);
    }
    return deleted;
  }

  private void sweepQuietly() {
    try {
      int deleted = sweep();
      if (deleted > 0) {
        LOG.info("Removed {} leftover temporary and cached files", deleted);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("Sweeping leftover files failed, trying again in an hour: {}", e.toString());
    }
  }
}
