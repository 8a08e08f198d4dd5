package com.coachtrack.workflows;

/**
 * What the cleanup workflow has done, for operators (Temporal UI query). Totals survive
 * continue-as-new. Never null; empty strings stand for "none".
 *
 * @param runs cleanup runs so far, failed ones included
 * @param sessionsDeleted sessions deleted by all runs
 * @param lastRunAt when the last run started (ISO-8601 instant)
 * @param lastError why the last run failed, empty when it succeeded
 * @param orphansRemoved sessions whose files had no row, removed by the storage sweeps
 * @param decodedAudioRemoved decoded audio files removed by the storage sweeps (sessions that
 *     reached a final state normally have theirs removed at once; the sweep catches the rest)
 */
public record CleanupProgress(
    long runs,
    long sessionsDeleted,
    String lastRunAt,
    String lastError,
    long orphansRemoved,
    long decodedAudioRemoved) {

  public static CleanupProgress none() {
    return new CleanupProgress(0, 0, "", "", 0, 0);
  }
}
