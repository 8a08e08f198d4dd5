package com.coachtrack.service.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Queue depth over time (operators only), sampled every minute and grouped by {@code hour} or
 * {@code day} (UTC).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record QueueView(String bucket, List<QueuePointView> points) {}
