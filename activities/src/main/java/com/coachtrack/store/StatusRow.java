package com.coachtrack.store;

import org.jdbi.v3.core.mapper.Nested;

/** A session with what a pending one needs to tell its place in the queue, read in one query. */
public record StatusRow(@Nested SessionRow session, int queueAhead, double audioAhead) {}
