package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Why a session failed, in words a coach can act on. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ErrorView(
    String code, boolean retryable, String message, String nextSteps, String helpUrl) {}
