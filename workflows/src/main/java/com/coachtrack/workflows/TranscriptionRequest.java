package com.coachtrack.workflows;

/**
 * What a transcription run needs. {@code sourceKey} is a storage key (relative to the data
 * directory or bucket), never an absolute path, so any worker sharing the storage can read it.
 * {@code attempt} is the attempt the run starts at: a run started again after a restart keeps
 * counting. {@code chunkWindow} is how many of its chunks may be in flight at once: the engine
 * slots of the whole fleet, so a lone session uses every slot while sessions that arrive later get
 * their share as soon as a chunk finishes.
 */
public record TranscriptionRequest(
    String sessionId,
    String coachId,
    String sourceKey,
    String engine,
    double probedDurationSeconds,
    int attempt,
    int chunkWindow) {}
