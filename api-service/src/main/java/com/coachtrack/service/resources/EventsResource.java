package com.coachtrack.service.resources;

import com.coachtrack.service.access.Budget;
import com.coachtrack.service.access.RateLimited;
import com.coachtrack.service.auth.Coach;
import com.coachtrack.service.events.EventStreams;
import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;

/**
 * Every session of the signed-in coach as Server-Sent Events; one session's stream is {@code GET
 * /api/v1/sessions/{id}/events} in {@link SessionsResource}. Both open through {@link
 * EventStreams}.
 */
@Path("/api/v1/events")
public class EventsResource {
  /** Browsers resend the last event's id in this header when they reconnect. */
  public static final String LAST_EVENT_ID = "Last-Event-ID";

  private final EventStreams streams;

  public EventsResource(EventStreams streams) {
    this.streams = streams;
  }

  /**
   * @param lastEventId the version the client has (what a browser sends when it reconnects)
   * @param lastEventIdParam the same, for a client that opens a new stream ({@code EventSource}
   *     cannot set headers)
   */
  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  @RateLimited(Budget.READ)
  public void events(
      @Parameter(hidden = true) @Auth Coach coach,
      @HeaderParam(LAST_EVENT_ID) String lastEventId,
      @QueryParam("last_event_id") String lastEventIdParam,
      @Context SseEventSink sink,
      @Context Sse sse) {
    streams.coach(coach, lastEventId != null ? lastEventId : lastEventIdParam, sink, sse);
  }
}
