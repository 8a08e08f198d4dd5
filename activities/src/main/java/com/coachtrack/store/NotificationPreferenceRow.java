package com.coachtrack.store;

import java.time.Instant;

/**
 * A row of {@code notification_preference}: what one coach wants to be told when a session ends.
 *
 * @param email the address the coach chose; null means their account's (built-in accounts)
 * @param completionMinMinutes completion e-mails only for recordings longer than this
 * @param updatedAt null for the defaults of a coach who never saved any
 */
public record NotificationPreferenceRow(
    String coachId,
    String email,
    boolean emailOnCompletion,
    int completionMinMinutes,
    boolean emailOnFailure,
    boolean webhooks,
    boolean desktopOnCompletion,
    Instant updatedAt) {

  /** E-mail on failure, and on completion of recordings longer than this many minutes. */
  public static final int DEFAULT_COMPLETION_MIN_MINUTES = 10;

  /** What a coach gets before choosing anything. */
  public static NotificationPreferenceRow defaults(String coachId) {
    return new NotificationPreferenceRow(
        coachId, null, true, DEFAULT_COMPLETION_MIN_MINUTES, true, true, true, null);
  }

  /** Whether the completion of a recording this long is worth an e-mail. */
  public boolean mailsCompletionOf(double recordingSeconds) {
    return emailOnCompletion && recordingSeconds > completionMinMinutes * 60.0;
  }
}
