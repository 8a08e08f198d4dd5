package com.coachtrack.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.DecimalMin;

/**
 * Per-coach limits; unset (empty in the YAML) means unlimited.
 *
 * <p>{@code gb} bounds what a coach's recordings take in storage (their uploads, until deleted by
 * the coach or by retention); {@code audioHoursPerMonth} bounds the audio a coach uploads per
 * calendar month (UTC), which is what the engines spend their time on, so deleting sessions does
 * not give hours back.
 */
public class QuotaSettings {
  @DecimalMin(
      value = "0",
      inclusive = false,
      message = "must be positive (leave it empty for no quota)")
  private Double gb;

  @DecimalMin(
      value = "0",
      inclusive = false,
      message = "must be positive (leave it empty for no quota)")
  private Double audioHoursPerMonth;

  @JsonProperty
  public Double getGb() {
    return gb;
  }

  @JsonProperty
  public void setGb(Double gb) {
    this.gb = gb;
  }

  @JsonProperty
  public Double getAudioHoursPerMonth() {
    return audioHoursPerMonth;
  }

  @JsonProperty
  public void setAudioHoursPerMonth(Double audioHoursPerMonth) {
    this.audioHoursPerMonth = audioHoursPerMonth;
  }
}
