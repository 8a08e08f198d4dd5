package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * One engine on offer.
 *
 * @param name what an upload's {@code engine} field and a retry's body name
 * @param displayName what the web app shows: "Fast draft" or "Accurate"
 * @param secondsPerAudioSecond the pace of a session alone: learned from completed sessions, else
 *     the engine's shipped speed over the fleet's slots
 * @param speedSamples completed sessions the pace was learned from; 0 for the shipped speed
 * @param available whether a worker that runs this engine reported in the last 90 s without a
 *     problem
 * @param workers how many such workers
 * @param problem why it is not available, in words for operators; null when it is
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EngineView(
    String name,
    String displayName,
    String description,
    boolean isDefault,
    double secondsPerAudioSecond,
    int speedSamples,
    boolean available,
    int workers,
    String problem) {}
