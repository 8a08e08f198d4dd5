package com.coachtrack.workflows;

/**
 * What the workflow itself knows, for operators (Temporal UI query) and the API's consistency
 * checks. Never null; empty strings stand for "none".
 */
public record WorkflowProgress(
    String phase,
    int attempt,
    int chunksTotal,
    int chunksDone,
    boolean cancelRequested,
    String lastErrorCode) {}
