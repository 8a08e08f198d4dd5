package com.coachtrack.service.config;

import com.coachtrack.activities.webhooks.WebhookPolicy;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** Webhook deliveries: where they may go, how long one attempt may take, how they are retried. */
public class WebhookSettings {
  /**
   * {@code false} (public addresses only), {@code true} (internal ones too), or the blocks allowed
   * although internal, e.g. {@code 10.20.0.0/16,fd00::/8}.
   */
  @NotNull private String allowPrivate = "false";

  /** For connecting, and for the answer once the body is sent. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @MaxDuration(value = 30, unit = TimeUnit.SECONDS)
  private Duration timeout = Duration.seconds(10);

  /** Wait before the second attempt; doubled after each failure up to {@code maxRetry}. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  private Duration firstRetry = Duration.seconds(30);

  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  private Duration maxRetry = Duration.hours(1);

  /** No attempt starts later than this after the event. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.MINUTES)
  @MaxDuration(value = 7, unit = TimeUnit.DAYS)
  private Duration retryFor = Duration.hours(24);

  @JsonProperty
  public String getAllowPrivate() {
    return allowPrivate;
  }

  @JsonProperty
  public void setAllowPrivate(String allowPrivate) {
    this.allowPrivate = allowPrivate == null ? "false" : allowPrivate.strip();
  }

  @JsonProperty
  public Duration getTimeout() {
    return timeout;
  }

  @JsonProperty
  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
  }

  @JsonProperty
  public Duration getFirstRetry() {
    return firstRetry;
  }

  @JsonProperty
  public void setFirstRetry(Duration firstRetry) {
    this.firstRetry = firstRetry;
  }

  @JsonProperty
  public Duration getMaxRetry() {
    return maxRetry;
  }

  @JsonProperty
  public void setMaxRetry(Duration maxRetry) {
    this.maxRetry = maxRetry;
  }

  @JsonProperty
  public Duration getRetryFor() {
    return retryFor;
  }

  @JsonProperty
  public void setRetryFor(Duration retryFor) {
    this.retryFor = retryFor;
  }

  public WebhookPolicy policy() {
    return new WebhookPolicy(
        firstRetry.toJavaDuration(), maxRetry.toJavaDuration(), retryFor.toJavaDuration());
  }
}
