package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A signed-in coach's new password, with the current one. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PasswordChangeRequest(String currentPassword, String newPassword) {}
