package com.coachtrack.activities.transcribe;

import com.coachtrack.workflows.activities.Word;
import java.util.List;

/** One {@link ChunkStore#recordProgress} call seen by {@link InMemoryChunkStore}. */
public record ProgressReport(
    String sessionId, int chunkIndex, double positionSeconds, List<Word> wordsSoFar) {}
