package com.coachtrack.workflows.activities;

/**
 * A planned chunk and whether its words are already stored (so a retry never transcribes it again).
 */
public record ChunkState(ChunkPlan plan, boolean done) {}
