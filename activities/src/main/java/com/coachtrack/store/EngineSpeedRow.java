package com.coachtrack.store;

import java.time.Instant;

/** The learned processing speed of one engine. */
public record EngineSpeedRow(
    String engine, double secondsPerAudioSecond, int samples, Instant updatedAt) {}
