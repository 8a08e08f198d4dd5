package com.coachtrack.workflows.activities;

/**
 * Heartbeat details of a chunk transcription, for operators in the Temporal UI: how far into the
 * recording the chunk's recognised words reach, and how many there are. The words themselves stay
 * in our database (a retry resumes from them there), never in Temporal's history.
 */
public record ChunkHeartbeat(double positionSeconds, int wordsSoFar) {}
