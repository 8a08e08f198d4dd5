package com.coachtrack.service.events;

import com.coachtrack.service.auth.Coach;
import com.coachtrack.service.errors.ApiException;
import com.coachtrack.service.sessions.SessionIds;
import com.coachtrack.service.status.CachedStatus;
import com.coachtrack.service.status.StatusAnswers;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Opening an event stream, the one implementation behind {@code GET /api/v1/sessions/{id}/events}
 * and {@code GET /api/v1/events}: refusals first (404, 429, 503, each as a JSON body), then the
 * {@code ready} event, the subscription, and the state the client does not have yet. The stream is
 * subscribed before its first state is read, so a change committed in between is either in that
 * read or comes after it; never lost.
 */
public final class EventStreams {
  /** How long a stream that ends at once may hold its request thread while its events go out. */
  static final Duration END_AT_OPEN = Duration.ofSeconds(5);

  private final EventHub hub;
  private final StatusAnswers answers;
  private final StreamLimits limits;

  public EventStreams(EventHub hub, StatusAnswers answers, int maxStreamsPerCoach, int maxStreams) {
    this.hub = hub;
    this.answers = answers;
    this.limits = new StreamLimits(maxStreamsPerCoach, maxStreams);
  }

  /**
   * One session's changes; ends with {@code event: end} after a final state.
   *
   * @param lastEventId the {@code Last-Event-ID} header or {@code last_event_id} parameter: the
   *     version the client has; the current state is sent only when it is newer
   */
  public void session(Coach coach, String id, String lastEventId, SseEventSink sink, Sse sse) {
    UUID sessionId = SessionIds.parse(id);
    Long after = version(lastEventId);
    answers.answer(sessionId, coach); // 404 unless the coach (or an operator) may see it
    EventStream stream = open(coach, sessionId, sink, sse);
    if (after != null) {
      stream.resumedAt(sessionId, after);
    }
    Optional<CachedStatus> now;
    try {
      now = answers.reload(sessionId);
    } catch (RuntimeException e) {
      stream.close(); // the response has begun: the client reconnects with its Last-Event-ID
      throw e;
    }
    if (now.isEmpty()) {
      stream.gone(sessionId);
    } else if (stream.status(now.get(), false)) {
      hub.sent(now.get());
    }
    if (stream.ending()) {
      stream.awaitClosed(END_AT_OPEN);
    }
  }

  /**
   * Every session of the coach (their own, an operator's too): from a Last-Event-ID, what changed
   * since; without one, the sessions still pending or processing. Never ends by itself.
   */
  public void coach(Coach coach, String lastEventId, SseEventSink sink, Sse sse) {
    Long after = version(lastEventId);
    EventStream stream = open(coach, null, sink, sse);
    if (after != null) {
      stream.resumedFrom(after);
    }
    try {
      for (CachedStatus status : hub.catchUp(coach.id(), after)) {
        if (stream.status(status, false)) {
          hub.sent(status);
        }
      }
    } catch (RuntimeException e) {
      stream.close(); // the response has begun: the client reconnects with its Last-Event-ID
      throw e;
    }
  }

  private EventStream open(Coach coach, UUID sessionId, SseEventSink sink, Sse sse) {
    Runnable release = limits.reserve(coach.id());
    EventStream[] created = {null};
    EventStream stream =
        hub.stream(
            coach.id(),
            sessionId,
            sink,
            sse,
            () -> {
              release.run();
              hub.remove(created[0]);
            });
    created[0] = stream;
    stream.ready(hub.keepAlive().toMillis());
    hub.add(stream);
    return stream;
  }

  /** A Last-Event-ID: one of our versions, or absent. */
  static Long version(String lastEventId) {
    if (lastEventId == null || lastEventId.isBlank()) {
      return null;
    }
    try {
      long version = Long.parseLong(lastEventId.strip());
      if (version >= 0) {
        return version;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new ApiException(
        400,
        "invalid_last_event_id",
        "Last-Event-ID must be the id of an event this stream sent (a whole number).");
  }
}
