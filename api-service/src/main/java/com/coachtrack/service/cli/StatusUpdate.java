package com.coachtrack.service.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The part of a status answer ({@code GET /api/v1/sessions/{id}/status}) the command line shows.
 * Read leniently: a field the server leaves out is null or false, never an error.
 */
public record StatusUpdate(
    String status,
    double progress,
    String message,
    boolean stalled,
    String pace,
    int attempt,
    Long pollAfterMs,
    String errorCode,
    String errorMessage,
    String nextSteps) {

  public static final String COMPLETED = "completed";
  public static final String FAILED = "failed";
  public static final String CANCELLED = "cancelled";

  public static StatusUpdate from(JsonNode json) {
    JsonNode error = json.path("error");
    return new StatusUpdate(
        text(json, "status"),
        json.path("progress").asDouble(0),
        text(json, "message"),
        json.path("stalled").asBoolean(false),
        text(json, "pace"),
        json.path("attempt").asInt(1),
        json.hasNonNull("poll_after_ms") ? json.get("poll_after_ms").asLong() : null,
        text(error, "code"),
        text(error, "message"),
        text(error, "next_steps"));
  }

  /** Completed, failed or cancelled: nothing more will happen unless someone retries. */
  public boolean isFinal() {
    return COMPLETED.equals(status) || FAILED.equals(status) || CANCELLED.equals(status);
  }

  public boolean isSlow() {
    return "slow".equals(pace);
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isMissingNode() || value.isNull() ? null : value.asText();
  }
}
