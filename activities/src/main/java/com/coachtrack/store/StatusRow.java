package com.coachtrack.store;

/** A session with what a pending one needs to tell its place in the queue, read in one query. */
public record StatusRow(SessionRow session, int queueAhead, double audioAhead) {}
