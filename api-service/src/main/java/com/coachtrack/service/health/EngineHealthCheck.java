package com.coachtrack.service.health;

import com.coachtrack.activities.engine.SpeechEngine;
import com.coachtrack.activities.transcribe.HungEngines;
import com.codahale.metrics.health.HealthCheck;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Whether this worker can run its speech engines now. An engine that cannot start at all (an
 * uninstalled pocketsphinx, a missing whisper model, no ASR_URL) stops the worker at start-up; this
 * check is unhealthy while an engine has a problem it reports itself (a speech server refusing our
 * key or out of reach), and while an engine recently hung on a chunk and was stopped (the chunk is
 * retried on its own; an engine that keeps hanging costs a slot for minutes each time).
 */
public class EngineHealthCheck extends HealthCheck {
  private final Map<String, SpeechEngine> engines;
  private final HungEngines hungEngines;

  public EngineHealthCheck(Map<String, SpeechEngine> engines, HungEngines hungEngines) {
    this.engines = Collections.unmodifiableMap(new LinkedHashMap<>(engines));
    this.hungEngines = hungEngines;
  }

  @Override
  protected Result check() {
    List<String> problems = new ArrayList<>();
    engines.values().forEach(engine -> engine.problem().ifPresent(problems::add));
    Optional<String> hung = hungEngines.problem();
    hung.ifPresent(problems::add);
    if (!problems.isEmpty()) {
      return Result.unhealthy(String.join("; ", problems));
    }
    return Result.healthy("engines " + String.join(", ", engines.keySet()));
  }
}
