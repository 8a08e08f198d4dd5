package com.coachtrack.service.resources;

import com.coachtrack.service.access.Budget;
import com.coachtrack.service.access.RateLimited;
import com.coachtrack.service.api.EngineList;
import com.coachtrack.service.auth.Coach;
import com.coachtrack.service.engines.EngineViews;
import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The engines an upload may choose between, with their pace and whether they run now. */
@Path("/api/v1/engines")
@Produces(MediaType.APPLICATION_JSON)
public class EnginesResource {
  private final EngineViews engines;

  public EnginesResource(EngineViews engines) {
    this.engines = engines;
  }

  @GET
  @Timed(name = "engines")
  @RateLimited(Budget.READ)
  public EngineList list(@Parameter(hidden = true) @Auth Coach coach) {
    return engines.list();
  }
}
