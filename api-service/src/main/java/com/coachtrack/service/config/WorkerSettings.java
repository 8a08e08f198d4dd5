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

  /**
   * Engine slots of every worker together (0: this worker's own): a session keeps this many chunks
   * in flight, so a lone session uses the whole fleet, and pending ETAs divide queued work by it.
   */
  @Min(0)
  @Max(4096)
  private int fleetEngineSlots;

  /**
   * Decodings and chunk plannings at once: short CPU bursts that should not wait behind engines.
   */
  @Min(1)
  @Max(16)
  private int prepareSlots = 1;

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

  @JsonProperty
  public int getFleetEngineSlots() {
    return fleetEngineSlots;
  }

  @JsonProperty
  public void setFleetEngineSlots(int fleetEngineSlots) {
    this.fleetEngineSlots = fleetEngineSlots;
  }

  /** The slots a session may fill: the fleet's when configured, else this worker's. */
  public int fleetSlots() {
    return fleetEngineSlots > 0 ? fleetEngineSlots : engineSlots;
  }

  @JsonProperty
  public int getPrepareSlots() {
    return prepareSlots;
  }

  @JsonProperty
  public void setPrepareSlots(int prepareSlots) {
    this.prepareSlots = prepareSlots;
  }
}
