package com.coachtrack.service.errors;

import com.coachtrack.service.api.ErrorBody;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Our own failures: a database outage is a 503 {@code database_unavailable} (logged once per
 * outage, see {@link DatabaseOutage}); anything else is logged with a reference, never a stack
 * trace to the caller.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {
  private static final Logger LOG = LoggerFactory.getLogger(UnexpectedExceptionMapper.class);
  private final DatabaseOutage outage;

  public UnexpectedExceptionMapper(DatabaseOutage outage) {
    this.outage = outage;
  }

  @Override
  public Response toResponse(RuntimeException e) {
    if (DatabaseOutage.isUnavailable(e)) {
      ApiException refusal = outage.refusal(e);
      return Response.status(refusal.status())
          .type(MediaType.APPLICATION_JSON_TYPE)
          .header("Retry-After", refusal.retryAfterSeconds())
          .entity(refusal.body())
          .build();
    }
    String reference = UUID.randomUUID().toString().substring(0, 8);
    LOG.error("Unexpected error, reference {}", reference, e);
    return Response.status(503)
        .type(MediaType.APPLICATION_JSON_TYPE)
        .header("Retry-After", 30)
        .entity(
            new ErrorBody(
                "temporarily_unavailable",
                "Something went wrong on our side (reference "
                    + reference
                    + "). Try again in a minute."))
        .build();
  }
}
