package com.coachtrack.store;

/** A row of {@code session_chunk}, without its words. */
public record ChunkRow(
    int chunkIndex,
    double startSeconds,
    double endSeconds,
    double processedSeconds,
    boolean done) {}
