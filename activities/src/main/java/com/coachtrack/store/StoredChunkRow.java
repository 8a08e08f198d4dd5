package com.coachtrack.store;

/** A finished chunk with its words as stored JSON. */
public record StoredChunkRow(
    int chunkIndex, double startSeconds, double endSeconds, String words) {}
