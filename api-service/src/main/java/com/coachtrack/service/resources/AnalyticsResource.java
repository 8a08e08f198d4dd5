package com.coachtrack.service.resources;

import com.coachtrack.service.access.Budget;
import com.coachtrack.service.access.RateLimited;
import com.coachtrack.service.analytics.AnalyticsRange;
import com.coachtrack.service.analytics.AnalyticsReport;
import com.coachtrack.service.api.AnalyticsView;
import com.coachtrack.service.auth.Coach;
import com.coachtrack.service.errors.ApiException;
import com.coachtrack.store.OutcomeDao;
import com.coachtrack.store.OutcomeRow;
import com.coachtrack.store.QueueBucketRow;
import com.coachtrack.store.QueueSampleDao;
import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * What the numbers say over time: the coach's own finished sessions by week, or, for an operator
 * with {@code ?scope=all}, everyone's plus engine speed and queue depth.
 */
@Path("/api/v1/analytics")
@Produces(MediaType.APPLICATION_JSON)
public class AnalyticsResource {
  private final Jdbi jdbi;
  private final Clock clock;

  public AnalyticsResource(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.clock = clock;
  }

  @GET
  @Timed(name = "analytics")
  @RateLimited(Budget.READ)
  public AnalyticsView analytics(
      @Parameter(hidden = true) @Auth Coach coach,
      @QueryParam("scope") String scope,
      @QueryParam("from") String from,
      @QueryParam("to") String to) {
    boolean everyone = everyone(coach, scope);
    AnalyticsRange range = AnalyticsRange.parse(from, to, clock);
    return jdbi.withHandle(
        handle -> {
          OutcomeDao outcomes = handle.attach(OutcomeDao.class);
          List<OutcomeRow> rows =
              everyone
                  ? outcomes.forAll(range.start(), range.end())
                  : outcomes.forCoach(coach.id(), range.start(), range.end());
          List<QueueBucketRow> queue =
              everyone
                  ? handle
                      .attach(QueueSampleDao.class)
                      .buckets(range.queueBucket(), range.start(), range.end())
                  : null;
          return AnalyticsReport.build(everyone ? "all" : "mine", range, rows, queue);
        });
  }

  private static boolean everyone(Coach coach, String scope) {
    if (scope == null || scope.isBlank() || scope.strip().equals("mine")) {
      return false;
    }
    if (!scope.strip().equals("all")) {
      throw new ApiException(400, "invalid_scope", "scope must be mine or all.");
    }
    if (!coach.operator()) {
      throw new ApiException(
          403, "operators_only", "Only operators may see every coach's analytics.");
    }
    return true;
  }
}
