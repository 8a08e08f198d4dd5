package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Status of several sessions in one request; ids not found (or not the caller's) are listed apart.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record BatchStatusView(List<SessionStatusView> sessions, List<String> notFound) {}
