package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/** Failures with one code in the range, with the sentence a coach reads for it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record FailureCountView(String code, int count, String message) {}
