package com.coachtrack.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** How status is reported and how long it is kept. */
public class StatusSettings {
  @NotNull private Duration stallAfter = Duration.minutes(5);

  /**
   * A failed session offers Retry for 30 days (TranscriptionWorkflowImpl.RETRY_WINDOW): deleting it
   * sooner would take away a button the coach was shown.
   */
  @Min(value = 30, message = "must be at least 30, the days in which a failed session offers Retry")
  private int retentionDays = 30;

  /** How often every process looks for sessions whose run is gone and starts them again. */
  @NotNull private Duration reconcileEvery = Duration.minutes(1);

  @JsonProperty
  public Duration getReconcileEvery() {
    return reconcileEvery;
  }

  @JsonProperty
  public void setReconcileEvery(Duration reconcileEvery) {
    this.reconcileEvery = reconcileEvery;
  }

  /** Status requests per second a coach may make (burst twice that). */
  @Min(1)
  private int requestsPerSecondPerCoach = 20;

  /**
   * Answer status polls in a servlet filter before Jersey (bench/status-load); off, Jersey's
   * resource answers them with the same code, which tests and troubleshooting use.
   */
  private boolean fastPath = true;

  @JsonProperty
  public boolean isFastPath() {
    return fastPath;
  }

  @JsonProperty
  public void setFastPath(boolean fastPath) {
    this.fastPath = fastPath;
  }

  @JsonProperty
  public Duration getStallAfter() {
    return stallAfter;
  }

  @JsonProperty
  public void setStallAfter(Duration stallAfter) {
    this.stallAfter = stallAfter;
  }

  @JsonProperty
  public int getRetentionDays() {
    return retentionDays;
  }

  @JsonProperty
  public void setRetentionDays(int retentionDays) {
    this.retentionDays = retentionDays;
  }

  @JsonProperty
  public int getRequestsPerSecondPerCoach() {
    return requestsPerSecondPerCoach;
  }

  @JsonProperty
  public void setRequestsPerSecondPerCoach(int requestsPerSecondPerCoach) {
    this.requestsPerSecondPerCoach = requestsPerSecondPerCoach;
  }
}
