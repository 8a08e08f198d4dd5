package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A password set through a one-time link. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record PasswordLinkRequest(String token, String password) {}
