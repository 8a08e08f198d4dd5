package com.coachtrack.service.api;

import com.coachtrack.service.errors.ApiException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The optional body of a Retry: another engine to try the session on (its finished chunks are then
 * transcribed again); absent or null keeps the session's engine and its finished chunks.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RetryRequest(String engine) {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /**
   * Read by hand rather than by Jersey: a Retry without a body (and without a content type), as
   * scripts and the web app have always sent it, must keep working.
   *
   * @throws ApiException 400 {@code invalid_json} for a body that is not this object
   */
  public static RetryRequest parse(String body) {
    if (body == null || body.isBlank()) {
      return new RetryRequest(null);
    }
    try {
      RetryRequest request = JSON.readValue(body, RetryRequest.class);
      return request == null ? new RetryRequest(null) : request;
    } catch (JsonProcessingException e) {
      throw new ApiException(
          400,
          "invalid_json",
          "The body of a Retry is empty or {\"engine\": \"<name>\"}; see GET /api/v1/engines for"
              + " the names.");
    }
  }
}
