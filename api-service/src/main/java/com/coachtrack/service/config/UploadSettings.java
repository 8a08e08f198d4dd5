package com.coachtrack.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/**
 * How much of the server uploads may hold. Every upload keeps a request thread for its whole
 * transfer and probe (up to two minutes of ffmpeg), and status polls share the same 64 threads, so
 * uploads are admitted by count before their body is read and cut when they trickle.
 */
public class UploadSettings {
  /**
   * Uploads in progress in this process; more get 503 with Retry-After. 16 of the 64 request
   * threads leave 48 for status polls, pages and the rest of the API however slow the uploads are;
   * on two cores more concurrent probes would not finish any sooner.
   */
  @Min(1)
  @Max(1024)
  private int maxInProgress = 16;

  /**
   * Uploads in progress per coach; more get 429 with Retry-After. The web app sends one file at a
   * time, so two allow a second tab or the CLI while keeping one coach from taking every slot.
   */
  @Min(1)
  @Max(1024)
  private int maxInProgressPerCoach = 2;

  /**
   * Parts in one multipart body. The form has two fields (audio, title); a few more allow clients
   * that repeat one, and the limit stops a body of countless tiny parts.
   */
  @Min(2)
  @Max(100)
  private int maxParts = 4;

  /**
   * An upload averaging less than this over {@link #rateWindow} is cut with 408 upload_too_slow (0
   * turns the check off). 512 B/s is far below any real uplink (even 2G manages several KB/s), so
   * it never cuts a coach, only a connection that has all but stopped; polls do not depend on it,
   * the in-progress limits protect them. A connection that sends nothing at all is cut by the
   * server's idle timeout (30 s) the same way.
   */
  @Min(0)
  private long minBytesPerSecond = 512;

  /**
   * The window the rate is averaged over: long enough for a phone switching cells or a laptop
   * waking up to catch up.
   */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  private Duration rateWindow = Duration.seconds(30);

  @JsonProperty
  public int getMaxInProgress() {
    return maxInProgress;
  }

  @JsonProperty
  public void setMaxInProgress(int maxInProgress) {
    this.maxInProgress = maxInProgress;
  }

  @JsonProperty
  public int getMaxInProgressPerCoach() {
    return maxInProgressPerCoach;
  }

  @JsonProperty
  public void setMaxInProgressPerCoach(int maxInProgressPerCoach) {
    this.maxInProgressPerCoach = maxInProgressPerCoach;
  }

  @JsonProperty
  public int getMaxParts() {
    return maxParts;
  }

  @JsonProperty
  public void setMaxParts(int maxParts) {
    this.maxParts = maxParts;
  }

  @JsonProperty
  public long getMinBytesPerSecond() {
    return minBytesPerSecond;
  }

  @JsonProperty
  public void setMinBytesPerSecond(long minBytesPerSecond) {
    this.minBytesPerSecond = minBytesPerSecond;
  }

  @JsonProperty
  public Duration getRateWindow() {
    return rateWindow;
  }

  @JsonProperty
  public void setRateWindow(Duration rateWindow) {
    this.rateWindow = rateWindow;
  }
}
