package com.coachtrack.workflows.activities;

/** The input of one chunk transcription. */
public record ChunkTask(String sessionId, String pcmKey, ChunkPlan chunk, String engine) {}
