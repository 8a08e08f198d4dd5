package com.coachtrack.service.health;

import com.codahale.metrics.health.HealthCheck;

/** Which speech engine this worker runs; unhealthy when the configured one is unavailable. */
public class EngineHealthCheck extends HealthCheck {
  private final String engineName;
  private final String problem;

  public EngineHealthCheck(String engineName, String problem) {
    this.engineName = engineName;
    this.problem = problem;
  }

  @Override
  protected Result check() {
    return problem == null
        ? Result.healthy("engine " + engineName)
        : Result.unhealthy("engine " + engineName + ": " + problem);
  }
}
