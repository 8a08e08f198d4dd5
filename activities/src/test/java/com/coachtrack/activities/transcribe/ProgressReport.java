package com.coachtrack.activities.transcribe;

/** One {@link ChunkStore#recordProgress} call seen by {@link InMemoryChunkStore}. */
public record ProgressReport(String sessionId, int chunkIndex, double positionSeconds) {}
