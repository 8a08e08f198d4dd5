package com.coachtrack.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.concurrent.TimeUnit;

/** Server-Sent Events: GET /api/v1/events and /api/v1/sessions/{id}/events. */
public class EventsSettings {
  /**
   * A comment line on every open stream this often: proxies and load balancers close connections
   * that stay silent (often after 30 to 60 s), and Jetty's own idle timeout is 30 s. A session that
   * nobody writes to meanwhile (pending, or its worker silent) is read again and sent as often, for
   * what changes with time alone: the pace, a stall, the place in the queue.
   */
  @NotNull
  @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS)
  @MaxDuration(value = 25, unit = TimeUnit.SECONDS)
  private Duration keepAlive = Duration.seconds(15);

  /** Streams one coach may have open at once (tabs, scripts); 429 beyond. */
  @Min(1)
  @Max(1_000)
  private int maxStreamsPerCoach = 20;

  /**
   * Streams this API process keeps open at once; 503 beyond. Each costs a connection and a few KB
   * of memory (bench/events), no thread.
   */
  @Min(1)
  @Max(1_000_000)
  private int maxStreams = 10_000;

  @JsonProperty
  public Duration getKeepAlive() {
    return keepAlive;
  }

  @JsonProperty
  public void setKeepAlive(Duration keepAlive) {
    this.keepAlive = keepAlive;
  }

  @JsonProperty
  public int getMaxStreamsPerCoach() {
    return maxStreamsPerCoach;
  }

  @JsonProperty
  public void setMaxStreamsPerCoach(int maxStreamsPerCoach) {
    this.maxStreamsPerCoach = maxStreamsPerCoach;
  }

  @JsonProperty
  public int getMaxStreams() {
    return maxStreams;
  }

  @JsonProperty
  public void setMaxStreams(int maxStreams) {
    this.maxStreams = maxStreams;
  }
}
