package com.coachtrack.workflows.activities;

/** The stored transcript's size, reported when it is assembled. */
public record TranscriptSummary(int wordCount, int chunkCount, double durationSeconds) {}
