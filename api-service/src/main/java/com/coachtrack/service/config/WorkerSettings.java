package com.coachtrack.service.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The in-process worker. */
public class WorkerSettings {
  private boolean enabled = true;

  /** Chunks transcribed at once: one per core is what a CPU engine can use. */
  @Min(1)
  @Max(64)
  private int engineSlots = Math.max(1, Runtime.getRuntime().availableProcessors());

  @JsonProperty
  public boolean isEnabled() {
    return enabled;
  }

  @JsonProperty
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  @JsonProperty
  public int getEngineSlots() {
    return engineSlots;
  }

  @JsonProperty
  public void setEngineSlots(int engineSlots) {
    this.engineSlots = engineSlots;
  }
}
