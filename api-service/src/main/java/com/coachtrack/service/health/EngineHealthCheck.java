package com.coachtrack.service.health;

import com.coachtrack.activities.engine.EngineSelector;
import com.codahale.metrics.health.HealthCheck;

/**
 * Whether this worker can run its configured speech engine now: unhealthy when it names an engine
 * that is not installed (an uninstalled pocketsphinx, say), so operators see it before chunks fail.
 */
public class EngineHealthCheck extends HealthCheck {
  private final String configured;

  public EngineHealthCheck(String configured) {
    this.configured = configured;
  }

  @Override
  protected Result check() {
    try {
      return Result.healthy("engine " + EngineSelector.resolve(configured));
    } catch (IllegalArgumentException e) {
      return Result.unhealthy(e.getMessage());
    }
  }
}
