package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A change of notification choices; a field left out (or null) keeps its value, and {@code email}
 * set to an empty string goes back to the account's address.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NotificationPreferencesRequest(
    Boolean emailOnCompletion,
    Integer completionMinMinutes,
    Boolean emailOnFailure,
    Boolean webhooks,
    Boolean desktopOnCompletion,
    String email) {}
