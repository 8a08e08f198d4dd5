package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * How the estimates shown at the start of processing and at half-way compared with the real finish.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EstimatesView(EstimateAccuracyView atStart, EstimateAccuracyView atHalf) {}
