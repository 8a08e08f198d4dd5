package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** The engines an upload may choose, in the order offered, and the one used when it names none. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EngineList(String defaultEngine, List<EngineView> engines) {}
