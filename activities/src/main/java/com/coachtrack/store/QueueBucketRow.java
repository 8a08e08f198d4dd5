package com.coachtrack.store;

import java.time.Instant;

/**
 * Queue samples of one hour or one day together.
 *
 * @param bucket the start of the hour or day (UTC)
 * @param samples how many samples fell in it
 * @param maxPending the most sessions waiting to start at any sample
 * @param meanPending the average of the samples' waiting sessions
 * @param maxProcessing the most sessions being transcribed at any sample
 * @param maxAudioSecondsWaiting the most untranscribed audio (pending and processing) at any sample
 */
public record QueueBucketRow(
    Instant bucket,
    int samples,
    int maxPending,
    double meanPending,
    int maxProcessing,
    double maxAudioSecondsWaiting) {}
