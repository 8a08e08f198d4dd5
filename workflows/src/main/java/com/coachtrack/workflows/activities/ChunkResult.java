package com.coachtrack.workflows.activities;

/** What a finished chunk reports back to the workflow; the words themselves are in the database. */
public record ChunkResult(int index, int wordCount, double audioSeconds, boolean alreadyStored) {}
