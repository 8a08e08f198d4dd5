package com.coachtrack.store;

/**
 * The work waiting, for operators' gauges.
 *
 * @param pendingSessions sessions not yet started (queue depth)
 * @param audioSecondsWaiting audio not yet transcribed in pending and processing sessions
 */
public record QueueLoad(long pendingSessions, double audioSecondsWaiting) {}
