package com.coachtrack.service.errors;

import com.coachtrack.service.api.ErrorBody;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.Locale;

/**
 * Jersey's own refusals (unknown path, wrong method or media type) in the same JSON shape as ours.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {
  @Override
  public Response toResponse(WebApplicationException e) {
    Response original = e.getResponse();
    int status = original.getStatus();
    String code =
        Response.Status.fromStatusCode(status) == null
            ? "http_" + status
            : Response.Status.fromStatusCode(status).name().toLowerCase(Locale.ROOT);
    String message =
        switch (status) {
          case 404 -> "Nothing here. The API lives under /api/v1/sessions.";
          case 405 -> "That method is not allowed on this address.";
          case 406 -> "This address answers in JSON only.";
          case 415 -> "This address does not accept that content type.";
          default ->
              status >= 500
                  ? "Something went wrong on our side. Try again in a minute."
                  : "The request was refused.";
        };
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .entity(new ErrorBody(code, message))
        .build();
  }
}
