package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** A name for a new personal access token, to tell tokens apart later. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TokenRequest(String name) {}
