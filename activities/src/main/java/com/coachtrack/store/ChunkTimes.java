package com.coachtrack.store;

/**
 * The engine time a session's chunks took.
 *
 * @param chunks how many chunks the session has
 * @param engineSeconds the engine time of its finished chunks together
 * @param complete whether every chunk finished and stored its time
 */
public record ChunkTimes(int chunks, double engineSeconds, boolean complete) {}
