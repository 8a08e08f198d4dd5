package com.coachtrack.service.errors;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request body that is not the JSON a route expects: the caller's mistake, said as JSON. */
@Provider
public class JsonBodyExceptionMapper implements ExceptionMapper<JsonProcessingException> {
  @Override
  public Response toResponse(JsonProcessingException e) {
    return Response.status(400)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(
            new ApiException(
                    400,
                    "invalid_json",
                    "The request body is not valid JSON for this address. Send a JSON object with"
                        + " the fields the API documentation lists.")
                .body())
        .build();
  }
}
