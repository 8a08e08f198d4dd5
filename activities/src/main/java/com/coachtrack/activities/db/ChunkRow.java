package com.coachtrack.activities.db;

/** A row of {@code session_chunk}, without its words. */
public record ChunkRow(
    int chunkIndex,
    double startSeconds,
    double endSeconds,
    double processedSeconds,
    boolean done) {}
