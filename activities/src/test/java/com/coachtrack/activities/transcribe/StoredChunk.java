package com.coachtrack.activities.transcribe;

import com.coachtrack.workflows.activities.Word;
import java.util.List;

/** A chunk as {@link InMemoryChunkStore} stored it. */
public record StoredChunk(List<Word> words, String engine, double wallSeconds) {}
