package com.coachtrack.workflows.activities;

/**
 * What one storage sweep removed.
 *
 * @param orphanSessions sessions whose files were stored but that have no row (a failed insert, a
 *     crash between storing and recording, a deletion whose file removal failed)
 * @param decodedAudio sessions whose decoded audio was removed because they are final, or failed
 *     long enough ago that a Retry may decode again
 */
public record StorageSweep(int orphanSessions, int decodedAudio) {

  public static StorageSweep none() {
    return new StorageSweep(0, 0);
  }
}
