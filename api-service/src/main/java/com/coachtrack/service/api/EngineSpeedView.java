package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** One engine's weekly speed (operators only). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EngineSpeedView(String engine, List<EngineWeekView> weeks) {}
