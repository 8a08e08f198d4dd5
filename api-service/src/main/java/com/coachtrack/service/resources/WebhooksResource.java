package com.coachtrack.service.resources;

import com.coachtrack.activities.webhooks.WebhookSigner;
import com.coachtrack.activities.webhooks.WebhookTargets;
import com.coachtrack.service.access.Budget;
import com.coachtrack.service.access.RateLimited;
import com.coachtrack.service.api.WebhookAttemptView;
import com.coachtrack.service.api.WebhookDeliveryList;
import com.coachtrack.service.api.WebhookDeliveryView;
import com.coachtrack.service.api.WebhookList;
import com.coachtrack.service.api.WebhookRequest;
import com.coachtrack.service.api.WebhookView;
import com.coachtrack.service.auth.Coach;
import com.coachtrack.service.errors.ApiException;
import com.coachtrack.service.sessions.SessionIds;
import com.coachtrack.store.WebhookAttemptDao;
import com.coachtrack.store.WebhookAttemptRow;
import com.coachtrack.store.WebhookDeliveryDao;
import com.coachtrack.store.WebhookDeliveryRow;
import com.coachtrack.store.WebhookEndpointDao;
import com.coachtrack.store.WebhookEndpointRow;
import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Webhook endpoints for platforms: registered by a coach for their sessions (or by an operator for
 * everyone's), listed with their deliveries and every attempt, and removed.
 */
@Path("/api/v1/webhooks")
@Produces(MediaType.APPLICATION_JSON)
public class WebhooksResource {
  static final List<String> EVENTS =
      List.of("session.completed", "session.failed", "session.cancelled");
  static final int MAX_ENDPOINTS = 10;
  static final int MAX_URL = 2048;
  static final int DEFAULT_DELIVERIES = 20;
  static final int MAX_DELIVERIES = 100;

  private final Jdbi jdbi;
  private final WebhookTargets targets;
  private final Clock clock;

  public WebhooksResource(Jdbi jdbi, WebhookTargets targets, Clock clock) {
    this.jdbi = jdbi;
    this.targets = targets;
    this.clock = clock;
  }

  /** A new endpoint; its signing secret is in this answer and nowhere else the API shows. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Timed(name = "create-webhook")
  @RateLimited(Budget.WRITE)
  public Response create(@Parameter(hidden = true) @Auth Coach coach, WebhookRequest body) {
    if (body == null) {
      throw new ApiException(
          400,
          "invalid_webhook_url",
          "Send {\"url\": \"https://example.com/webhooks/coachtrack\"}, with \"events\" if you want"
              + " only some.");
    }
    URI url = url(body.url());
    List<String> events = events(body.events());
    boolean allCoaches = allCoaches(body.scope(), coach);
    String problem = targets.problemWith(url);
    if (problem != null) {
      throw new ApiException(
          400,
          "webhook_target_refused",
          "Webhooks cannot be sent to this address: "
              + problem
              + ". Use your receiver's public address.");
    }
    if (jdbi.withExtension(WebhookEndpointDao.class, dao -> dao.countFor(coach.id()))
        >= MAX_ENDPOINTS) {
      throw new ApiException(
          409,
          "too_many_webhooks",
          "You have "
              + MAX_ENDPOINTS
              + " webhook endpoints already. Remove one you no longer use first.");
    }
    UUID id = UUID.randomUUID();
    String secret = WebhookSigner.newSecret();
    jdbi.useExtension(
        WebhookEndpointDao.class,
        dao ->
            dao.insert(
                id,
                coach.id(),
                allCoaches,
                url.toString(),
                String.join(",", events),
                secret,
                clock.instant()));
    WebhookEndpointRow row =
        jdbi.withExtension(WebhookEndpointDao.class, dao -> dao.findById(id)).orElseThrow();
    return Response.created(
            UriBuilder.fromResource(WebhooksResource.class).path(id.toString()).build())
        .entity(view(row, secret))
        .build();
  }

  @GET
  @Timed(name = "list-webhooks")
  @RateLimited(Budget.READ)
  public WebhookList list(@Parameter(hidden = true) @Auth Coach coach) {
    return new WebhookList(
        jdbi
            .withExtension(
                WebhookEndpointDao.class, dao -> dao.visibleTo(coach.id(), coach.operator()))
            .stream()
            .map(row -> view(row, null))
            .toList());
  }

  @GET
  @Path("{id}")
  @Timed(name = "get-webhook")
  @RateLimited(Budget.READ)
  public WebhookView get(@Parameter(hidden = true) @Auth Coach coach, @PathParam("id") String id) {
    return view(visible(coach, id), null);
  }

  /** The endpoint's recent deliveries, newest first, each with all its attempts. */
  @GET
  @Path("{id}/deliveries")
  @Timed(name = "list-webhook-deliveries")
  @RateLimited(Budget.READ)
  public WebhookDeliveryList deliveries(
      @Parameter(hidden = true) @Auth Coach coach,
      @PathParam("id") String id,
      @QueryParam("limit") String limit) {
    WebhookEndpointRow endpoint = visible(coach, id);
    int count = limit(limit);
    List<WebhookDeliveryRow> rows =
        jdbi.withExtension(WebhookDeliveryDao.class, dao -> dao.recentFor(endpoint.id(), count));
    Map<UUID, List<WebhookAttemptRow>> attempts =
        rows.isEmpty()
            ? Map.of()
            : jdbi
                .withExtension(
                    WebhookAttemptDao.class,
                    dao -> dao.forDeliveries(rows.stream().map(WebhookDeliveryRow::id).toList()))
                .stream()
                .collect(Collectors.groupingBy(WebhookAttemptRow::deliveryId));
    List<WebhookDeliveryView> views = new ArrayList<>();
    for (WebhookDeliveryRow row : rows) {
      views.add(
          new WebhookDeliveryView(
              row.messageId(),
              row.sessionId().toString(),
              row.eventType(),
              row.status(),
              row.createdAt(),
              row.finishedAt(),
              row.nextAttemptAt(),
              row.lastStatusCode(),
              row.lastError(),
              attempts.getOrDefault(row.id(), List.of()).stream()
                  .map(
                      a ->
                          new WebhookAttemptView(
                              a.attempt(),
                              a.attemptedAt(),
                              a.statusCode(),
                              a.error(),
                              a.durationMs()))
                  .toList()));
    }
    return new WebhookDeliveryList(endpoint.id().toString(), views);
  }

  /** Removes the endpoint with its deliveries; pending ones stop at their next attempt. */
  @DELETE
  @Path("{id}")
  @Timed(name = "delete-webhook")
  @RateLimited(Budget.WRITE)
  public Response delete(@Parameter(hidden = true) @Auth Coach coach, @PathParam("id") String id) {
    WebhookEndpointRow endpoint = visible(coach, id);
    jdbi.useExtension(WebhookEndpointDao.class, dao -> dao.delete(endpoint.id()));
    return Response.noContent().build();
  }

  /** The coach's own endpoint, or for an operator one that hears every coach; else 404. */
  private WebhookEndpointRow visible(Coach coach, String id) {
    UUID uuid;
    try {
      uuid = SessionIds.parse(id);
    } catch (ApiException e) {
      throw notFound();
    }
    return jdbi.withExtension(WebhookEndpointDao.class, dao -> dao.findById(uuid))
        .filter(row -> row.coachId().equals(coach.id()) || (coach.operator() && row.allCoaches()))
        .orElseThrow(WebhooksResource::notFound);
  }

  private static ApiException notFound() {
    return new ApiException(
        404, "webhook_not_found", "You have no webhook endpoint with that id; it may be removed.");
  }

  private static URI url(String given) {
    String text = given == null ? "" : given.strip();
    ApiException invalid =
        new ApiException(
            400,
            "invalid_webhook_url",
            "Give the full address of your receiver, such as"
                + " https://example.com/webhooks/coachtrack (http or https, up to "
                + MAX_URL
                + " characters).");
    if (text.isEmpty() || text.length() > MAX_URL) {
      throw invalid;
    }
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw invalid;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
      throw invalid;
    }
    if (url.getRawUserInfo() != null) {
      throw new ApiException(
          400,
          "invalid_webhook_url",
          "Put no user name or password in the address: each delivery is signed with the"
              + " endpoint's secret, which is how your receiver knows it came from us.");
    }
    if (url.getRawFragment() != null) {
      throw invalid;
    }
    return url;
  }

  private static List<String> events(List<String> given) {
    if (given == null) {
      return EVENTS;
    }
    Set<String> chosen = new LinkedHashSet<>();
    for (String event : given) {
      String name = event == null ? "" : event.strip().toLowerCase(Locale.ROOT);
      if (!EVENTS.contains(name)) {
        chosen.clear();
        break;
      }
      chosen.add(name);
    }
    if (chosen.isEmpty()) {
      throw new ApiException(
          400,
          "invalid_events",
          "events must be one or more of " + String.join(", ", EVENTS) + ".");
    }
    return EVENTS.stream().filter(chosen::contains).toList();
  }

  private static boolean allCoaches(String scope, Coach coach) {
    if (scope == null || scope.equals("mine")) {
      return false;
    }
    if (!scope.equals("all")) {
      throw new ApiException(400, "invalid_scope", "scope must be mine or all.");
    }
    if (!coach.operator()) {
      throw new ApiException(
          403,
          "operators_only",
          "Only operators may register a webhook for every coach's sessions.");
    }
    return true;
  }

  private static int limit(String given) {
    if (given == null || given.isBlank()) {
      return DEFAULT_DELIVERIES;
    }
    try {
      int value = Integer.parseInt(given.strip());
      if (value >= 1 && value <= MAX_DELIVERIES) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new ApiException(
        400, "invalid_limit", "limit must be between 1 and " + MAX_DELIVERIES + ".");
  }

  private static WebhookView view(WebhookEndpointRow row, String secret) {
    return new WebhookView(
        row.id().toString(),
        row.url(),
        row.eventList(),
        row.allCoaches() ? "all" : "mine",
        row.coachId(),
        row.enabled(),
        row.createdAt(),
        row.disabledAt(),
        row.disabledReason(),
        secret);
  }
}
