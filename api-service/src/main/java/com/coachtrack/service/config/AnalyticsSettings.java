package com.coachtrack.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** What the analytics keep: queue samples and the history of session outcomes. */
public class AnalyticsSettings {

  /** How often an API process samples the queue; a minute resolves every wait worth a chart. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @MaxDuration(value = 1, unit = TimeUnit.HOURS)
  private Duration queueSampleEvery = Duration.minutes(1);

  /** How long queue samples are kept (about 130,000 rows at one a minute for 90 days). */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.DAYS)
  private Duration queueSampleRetention = Duration.days(90);

  /**
   * How long session outcomes are kept. At least the two years one answer may cover (731 days), so
   * the oldest week of the longest range is never half pruned.
   */
  @NotNull
  @MinDuration(value = 731, unit = TimeUnit.DAYS)
  private Duration outcomeRetention = Duration.days(740);

  @JsonProperty
  public Duration getQueueSampleEvery() {
    return queueSampleEvery;
  }

  @JsonProperty
  public void setQueueSampleEvery(Duration queueSampleEvery) {
    this.queueSampleEvery = queueSampleEvery;
  }

  @JsonProperty
  public Duration getQueueSampleRetention() {
    return queueSampleRetention;
  }

  @JsonProperty
  public void setQueueSampleRetention(Duration queueSampleRetention) {
    this.queueSampleRetention = queueSampleRetention;
  }

  @JsonProperty
  public Duration getOutcomeRetention() {
    return outcomeRetention;
  }

  @JsonProperty
  public void setOutcomeRetention(Duration outcomeRetention) {
    this.outcomeRetention = outcomeRetention;
  }
}
