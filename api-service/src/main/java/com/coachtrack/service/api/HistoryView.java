package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A session's timeline, oldest first. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record HistoryView(String sessionId, List<HistoryEntryView> history) {}
