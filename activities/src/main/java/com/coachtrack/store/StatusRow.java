package com.coachtrack.store;

/**
 * A session with what a pending one needs to tell its place in the queue, and whether a processing
 * one has a chunk running (else it waits for an engine), read in one query.
 */
public record StatusRow(
    SessionRow session, int queueAhead, double audioAhead, boolean chunkInFlight) {}
