package com.coachtrack.service.health;

import com.coachtrack.activities.engine.EngineSelector;
import com.coachtrack.activities.transcribe.HungEngines;
import com.codahale.metrics.health.HealthCheck;
import java.util.Optional;

/**
 * Whether this worker can run its configured speech engine now: unhealthy when it names an engine
 * that is not installed (an uninstalled pocketsphinx, say), so operators see it before chunks fail,
 * and while an engine recently hung on a chunk and was stopped (the chunk is retried on its own; an
 * engine that keeps hanging costs a slot for minutes each time).
 */
public class EngineHealthCheck extends HealthCheck {
  private final String configured;
  private final HungEngines hungEngines;

  public EngineHealthCheck(String configured, HungEngines hungEngines) {
    this.configured = configured;
    this.hungEngines = hungEngines;
  }

  @Override
  protected Result check() {
    String engine;
    try {
      engine = EngineSelector.resolve(configured);
    } catch (IllegalArgumentException e) {
      return Result.unhealthy(e.getMessage());
    }
    Optional<String> hung = hungEngines.problem();
    return hung.isPresent() ? Result.unhealthy(hung.get()) : Result.healthy("engine " + engine);
  }
}
