package com.coachtrack.activities.engine;

/**
 * What a checked model file's header says: its size class (tiny … large), whether it knows more
 * than English, and its size in bytes.
 */
record WhisperModel(String sizeName, boolean multilingual, long bytes) {}
