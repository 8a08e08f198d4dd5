package com.coachtrack.workflows.activities;

import java.util.List;

/**
 * Heartbeat details of a chunk transcription: how far into the chunk the engine got (seconds from
 * the start of the recording) and the words recognised up to there, so a retry resumes instead of
 * restarting.
 */
public record ChunkHeartbeat(double positionSeconds, List<Word> words) {}
