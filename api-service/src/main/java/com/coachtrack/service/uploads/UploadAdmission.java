package com.coachtrack.service.uploads;

import com.coachtrack.service.errors.ApiException;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts uploads in progress, in this process and per coach, and turns away those beyond the limits
 * before their body is read: a refused upload gives its request thread back at once, so however
 * many arrive, status polls keep the rest of the pool.
 */
public final class UploadAdmission {
  /**
   * An upload takes minutes, so asking again within seconds would mostly be refused again; half a
   * minute lets a slot free up without leaving the coach waiting long.
   */
  static final int RETRY_AFTER_SECONDS = 30;

  private final int maxInProgress;
  private final int maxPerCoach;
  private final Map<String, Integer> perCoach = new HashMap<>();
  private int inProgress;

  public UploadAdmission(int maxInProgress, int maxPerCoach) {
    this.maxInProgress = maxInProgress;
    this.maxPerCoach = maxPerCoach;
  }

  /**
   * Takes a slot for the coach's upload; close the slot when the upload is answered.
   *
   * @throws ApiException 429 when the coach already has the most uploads in progress, 503 when the
   *     process does; both with Retry-After
   */
  public synchronized UploadSlot admit(String coach) {
    int coachCount = perCoach.getOrDefault(coach, 0);
    if (coachCount >= maxPerCoach) {
      throw new ApiException(
          429,
          "too_many_uploads",
          coachCount == 1
              ? "You already have an upload in progress. Wait for it to finish, then upload this"
                  + " file."
              : "You already have "
                  + coachCount
                  + " uploads in progress. Wait for one of them to finish, then upload this file.",
          RETRY_AFTER_SECONDS);
    }
    if (inProgress >= maxInProgress) {
      throw new ApiException(
          503,
          "uploads_busy",
          "The server is receiving as many uploads as it can right now. Nothing was saved; upload"
              + " the file again in a minute.",
          RETRY_AFTER_SECONDS);
    }
    inProgress++;
    perCoach.put(coach, coachCount + 1);
    return new UploadSlot(this, coach);
  }

  /** Uploads admitted and not yet answered: the {@code uploads.in-progress} gauge. */
  public synchronized int inProgress() {
    return inProgress;
  }

  synchronized void release(String coach) {
    inProgress--;
    perCoach.computeIfPresent(coach, (k, count) -> count <= 1 ? null : count - 1);
  }
}
