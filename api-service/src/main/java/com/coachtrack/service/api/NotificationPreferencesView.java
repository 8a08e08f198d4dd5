package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What the signed-in coach is told when a session ends.
 *
 * @param completionMinMinutes completion e-mails only for recordings longer than this
 * @param email the address the coach chose; null when they use their account's
 * @param emailTo where e-mail actually goes; null when no address is known (set {@code email})
 * @param suggestedEmail the address the identity provider gave, offered when none is stored
 * @param emailAvailable whether this installation sends e-mail at all (an operator sets SMTP_URL)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NotificationPreferencesView(
    boolean emailOnCompletion,
    int completionMinMinutes,
    boolean emailOnFailure,
    boolean webhooks,
    boolean desktopOnCompletion,
    String email,
    String emailTo,
    String suggestedEmail,
    boolean emailAvailable) {}
