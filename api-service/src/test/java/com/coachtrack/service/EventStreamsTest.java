package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Server-Sent Events against the real application (embedded PostgreSQL with its NOTIFY trigger,
 * Temporal's test server, the installed engine) while librivox.wav (24.7 s) is really transcribed:
 * the order of a session's events and that each carries the status answer, resuming with
 * Last-Event-ID, the end of the stream, the coach's stream of every session, keep-alive comments,
 * no gzip, the refusals, and the LISTEN connection lost and found again. The keep-alive is 1 s here
 * (15 s in the shipped configuration) so that its effects show within a test.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EventStreamsTest {
  private static final String COACH = "coach-live";
  private static final int PER_COACH = 3;
  private static final Duration RUN = Duration.ofMinutes(4);

  /** Fields that are worked out from the clock at each read, so equal versions may differ there. */
  private static final List<String> TIME_DERIVED =
      List.of(
          "estimated_completion",
          "eta_low",
          "eta_high",
          "message",
          "pace",
          "stalled",
          "almost_done",
          "queue_position");

  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app(
          "auto",
          ConfigOverride.config("events.keepAlive", "1 second"),
          ConfigOverride.config("events.maxStreamsPerCoach", Integer.toString(PER_COACH)));

  private static ApiClient api;
  private static String sessionId;
  private static long firstProcessingVersion;
  private static long finalVersion;

  @BeforeAll
  static void client() {
    api = new ApiClient(APP.getLocalPort());
  }

  private static SseClient stream(String path, Map<String, String> headers) {
    return SseClient.open(APP.getLocalPort(), path, COACH, headers);
  }

  private static String sessionPath() {
    return "/api/v1/sessions/" + sessionId + "/events";
  }

  @Test
  @Order(1)
  void aSessionsEventsComeInVersionOrderCarryTheStatusAnswerAndEndAfterItCompletes() {
    HttpResponse<String> created =
        api.upload(COACH, TestApps.audio("librivox.wav"), "librivox.wav", "Live");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode uploaded = ApiClient.json(created);
    sessionId = uploaded.get("session_id").asText();
    long uploadedVersion = uploaded.get("version").asLong();
    assertThat(uploadedVersion).isPositive();

    try (SseClient session = stream(sessionPath(), Map.of());
        SseClient coach = stream("/api/v1/events", Map.of())) {
      assertThat(session.status()).isEqualTo(200);
      assertThat(session.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
      SseClient.Event ready = session.nextEvent(Duration.ofSeconds(10));
      assertThat(ready.name()).isEqualTo("ready");
      assertThat(ApiClient.json(ready.data()).get("keep_alive_ms").asLong()).isEqualTo(1000);

      List<JsonNode> statuses = new ArrayList<>();
      int sameBytes = 0;
      int compared = 0;
      SseClient.Event event;
      while (!"end".equals((event = session.nextEvent(RUN)).name())) {
        assertThat(event.name()).isEqualTo("status");
        JsonNode data = ApiClient.json(event.data());
        // The same JSON the status endpoint answers: asked right away, the same version must give
        // the same answer, but for what is worked out from the clock at each read.
        HttpResponse<String> polled = api.get("/api/v1/sessions/" + sessionId + "/status", COACH);
        JsonNode poll = ApiClient.json(polled);
        if (poll.get("version").asLong() == data.get("version").asLong()) {
          compared++;
          if (polled.body().equals(event.data())) {
            sameBytes++;
          }
          assertThat(withoutTime(data)).isEqualTo(withoutTime(poll));
          assertThat(data.fieldNames())
              .toIterable()
              .containsExactlyElementsOf(() -> poll.fieldNames());
        }
        assertThat(event.id()).isEqualTo(data.get("version").asText());
        assertThat(data.get("session_id").asText()).isEqualTo(sessionId);
        statuses.add(data);
      }
      System.out.printf(
          "session stream: %d status events, %d compared with a poll of the same version, %d"
              + " byte for byte%n",
          statuses.size(), compared, sameBytes);
      assertThat(ApiClient.json(event.data()).get("status").asText()).isEqualTo("completed");
      assertThat(session.nextEvent(Duration.ofSeconds(10)).name())
          .as("the server closes the stream after end")
          .isEqualTo(SseClient.CLOSED);

      List<Long> versions = statuses.stream().map(s -> s.get("version").asLong()).toList();
      assertThat(versions).isSortedAccordingTo(Long::compare);
      // A session nothing was written to for a keep-alive (1 s here; reports come every 2 s) is
      // read and sent again, for what changes with time alone: same version, same row.
      for (int i = 1; i < statuses.size(); i++) {
        if (versions.get(i).equals(versions.get(i - 1))) {
          assertThat(withoutTime(statuses.get(i))).isEqualTo(withoutTime(statuses.get(i - 1)));
        }
      }
      assertThat(versions.stream().distinct().count()).isGreaterThan(2);
      assertThat(versions.get(0)).isGreaterThanOrEqualTo(uploadedVersion);
      List<String> states = statuses.stream().map(s -> s.get("status").asText()).toList();
      System.out.println("states as streamed: " + states);
      assertThat(String.join(",", states)).matches("(pending,)*(processing,)*completed");
      assertThat(states).contains("processing");
      List<Double> progress = statuses.stream().map(s -> s.get("progress").asDouble()).toList();
      assertThat(progress).isSortedAccordingTo(Double::compare);
      assertThat(progress).anyMatch(p -> p > 0 && p < 100);
      JsonNode last = statuses.get(statuses.size() - 1);
      assertThat(last)
          .as("the final event is exactly what a poll answers now")
          .isEqualTo(api.status(sessionId, COACH));
      finalVersion = last.get("version").asLong();
      firstProcessingVersion =
          statuses.stream()
              .filter(s -> s.get("status").asText().equals("processing"))
              .findFirst()
              .orElseThrow()
              .get("version")
              .asLong();

      // The coach's stream saw the same session, in order, with the same final version, and goes
      // on.
      List<Long> coachVersions = new ArrayList<>();
      assertThat(coach.nextEvent(Duration.ofSeconds(5)).name()).isEqualTo("ready");
      while (coachVersions.isEmpty()
          || coachVersions.get(coachVersions.size() - 1) < finalVersion) {
        SseClient.Event seen = coach.nextEvent(Duration.ofSeconds(30));
        assertThat(seen.name()).isEqualTo("status");
        assertThat(ApiClient.json(seen.data()).get("session_id").asText()).isEqualTo(sessionId);
        coachVersions.add(Long.parseLong(seen.id()));
      }
      assertThat(coachVersions).isSortedAccordingTo(Long::compare).endsWith(finalVersion);
      assertThat(coachVersions).containsAll(versions.subList(versions.size() - 1, versions.size()));
      SseClient.Event after = coach.next(Duration.ofSeconds(3));
      assertThat(after).as("a keep-alive comment, not the end").isNotNull();
      assertThat(after.comment()).isTrue();
    }
  }

  @Test
  @Order(2)
  void lastEventIdResumesWithWhatIsNewerAndAFinishedSessionOnlyEnds() {
    assertThat(sessionId).as("set by the first test").isNotNull();
    try (SseClient resumed =
        stream(sessionPath(), Map.of("Last-Event-ID", Long.toString(firstProcessingVersion)))) {
      List<SseClient.Event> events = resumed.untilClosed(Duration.ofSeconds(10));
      assertThat(events)
          .extracting(SseClient.Event::name)
          .containsExactly("ready", "status", "end");
      assertThat(events.get(1).id()).isEqualTo(Long.toString(finalVersion));
    }
    // Again and again: a stream that ends at once once lost its end to a race inside Jersey.
    for (int i = 0; i < 30; i++) {
      try (SseClient upToDate =
          stream(sessionPath(), Map.of("Last-Event-ID", Long.toString(finalVersion)))) {
        List<SseClient.Event> events = upToDate.untilClosed(Duration.ofSeconds(10));
        assertThat(events).extracting(SseClient.Event::name).containsExactly("ready", "end");
        assertThat(ApiClient.json(events.get(1).data()).get("status").asText())
            .isEqualTo("completed");
      }
    }
    // A page opening a new stream cannot set the header: the parameter says the same.
    try (SseClient byParameter =
        stream(sessionPath() + "?last_event_id=" + firstProcessingVersion, Map.of())) {
      assertThat(byParameter.untilClosed(Duration.ofSeconds(10)))
          .extracting(SseClient.Event::name)
          .containsExactly("ready", "status", "end");
    }
    // The coach's stream from an older version: the session's newer state, then it stays open.
    try (SseClient coach =
        stream("/api/v1/events", Map.of("Last-Event-ID", Long.toString(firstProcessingVersion)))) {
      assertThat(coach.nextEvent(Duration.ofSeconds(5)).name()).isEqualTo("ready");
      SseClient.Event status = coach.nextEvent(Duration.ofSeconds(5));
      assertThat(status.id()).isEqualTo(Long.toString(finalVersion));
      assertThat(coach.next(Duration.ofSeconds(3)).comment()).isTrue();
    }
    // Without an id, a coach's stream starts with the sessions still running: none here.
    try (SseClient fresh = stream("/api/v1/events", Map.of())) {
      assertThat(fresh.nextEvent(Duration.ofSeconds(5)).name()).isEqualTo("ready");
      assertThat(fresh.next(Duration.ofSeconds(3)).comment()).isTrue();
    }
  }

  @Test
  @Order(3)
  void streamsAreRefusedInJsonWhereAPollWouldBeAndBoundedPerCoachAndNeverGzipped() {
    awaitNoStreams();
    SseClient anonymous = SseClient.open(APP.getLocalPort(), sessionPath(), null, Map.of());
    assertThat(anonymous.status()).isEqualTo(401);
    assertThat(ApiClient.json(anonymous.errorBody()).get("error").asText())
        .isEqualTo("unauthenticated");
    SseClient foreign = SseClient.open(APP.getLocalPort(), sessionPath(), "someone-else", Map.of());
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(ApiClient.json(foreign.errorBody()).get("error").asText())
        .isEqualTo("session_not_found");
    SseClient unknown = stream("/api/v1/sessions/" + UUID.randomUUID() + "/events", Map.of());
    assertThat(unknown.status()).isEqualTo(404);
    SseClient malformed = stream("/api/v1/sessions/not-an-id/events", Map.of());
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(ApiClient.json(malformed.errorBody()).get("error").asText())
        .isEqualTo("invalid_session_id");
    SseClient badId = stream("/api/v1/events", Map.of("Last-Event-ID", "yesterday"));
    assertThat(badId.status()).isEqualTo(400);
    assertThat(ApiClient.json(badId.errorBody()).get("error").asText())
        .isEqualTo("invalid_last_event_id");

    List<SseClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < PER_COACH; i++) {
        // A client that accepts gzip still gets the stream as it is written, event by event.
        SseClient stream = stream("/api/v1/events", Map.of("Accept-Encoding", "gzip"));
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(stream.nextEvent(Duration.ofSeconds(5)).name()).isEqualTo("ready");
        open.add(stream);
      }
      SseClient.Event first = open.get(0).next(Duration.ofSeconds(3));
      SseClient.Event second = open.get(0).next(Duration.ofSeconds(3));
      assertThat(List.of(first, second)).allMatch(SseClient.Event::comment);
      long gapMs = (second.receivedNanos() - first.receivedNanos()) / 1_000_000;
      assertThat(gapMs).as("keep-alive comments a keep-alive apart").isBetween(500L, 2_000L);

      SseClient refused = stream("/api/v1/events", Map.of());
      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.headers().firstValue("Retry-After")).isPresent();
      assertThat(ApiClient.json(refused.errorBody()).get("error").asText())
          .isEqualTo("too_many_streams");
      SseClient otherCoach =
          SseClient.open(APP.getLocalPort(), "/api/v1/events", "another-coach", Map.of());
      assertThat(otherCoach.status()).as("the limit is per coach").isEqualTo(200);
      otherCoach.close();

      // A tab that goes away gives its place back, at the latest at the next keep-alive.
      open.remove(0).close();
      SseClient again = null;
      for (int attempt = 0; attempt < 20 && again == null; attempt++) {
        ApiClient.sleep(500);
        SseClient candidate = stream("/api/v1/events", Map.of());
        if (candidate.status() == 200) {
          again = candidate;
        }
      }
      assertThat(again).as("a place after one stream closed").isNotNull();
      open.add(again);
    } finally {
      open.forEach(SseClient::close);
    }
  }

  @Test
  @Order(4)
  void aChangeMadeWhileTheListenConnectionIsLostIsReadWhenItIsBack() throws Exception {
    assertThat(sessionId).as("set by the first test").isNotNull();
    awaitNoStreams();
    try (SseClient coach =
        stream("/api/v1/events", Map.of("Last-Event-ID", Long.toString(finalVersion)))) {
      assertThat(coach.nextEvent(Duration.ofSeconds(5)).name()).isEqualTo("ready");
      DataSourceFactory database = APP.getConfiguration().getDatabase();
      try (Connection sql =
          DriverManager.getConnection(
              database.getUrl(), database.getUser(), database.getPassword())) {
        sql.setAutoCommit(false);
        try (PreparedStatement change =
            sql.prepareStatement(
                "UPDATE transcription_session SET title = 'Renamed while nobody listened'"
                    + " WHERE id = ?")) {
          change.setObject(1, UUID.fromString(sessionId));
          change.executeUpdate();
        }
        try (Statement cut = sql.createStatement()) {
          // The API's LISTEN connection dies before the change commits: its notification goes to
          // nobody (the listener needs at least half a second to listen again).
          cut.execute(
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                  + " WHERE application_name = 'coachtrack-events'");
          cut.execute("SELECT pg_sleep(0.2)");
        }
        sql.commit();
      }
      // (A session that ended in the last minute is sent again on a resume, version and all: its
      // final change may have taken its version before the one the client saw and committed after.)
      SseClient.Event changed = coach.nextEvent(Duration.ofSeconds(15));
      while (Long.parseLong(changed.id()) <= finalVersion) {
        changed = coach.nextEvent(Duration.ofSeconds(15));
      }
      assertThat(changed.name()).isEqualTo("status");
      assertThat(ApiClient.json(changed.data()).get("title").asText())
          .isEqualTo("Renamed while nobody listened");
    }
    JsonNode metrics = ApiClient.json(new ApiClient(APP.getAdminPort()).get("/metrics", null));
    assertThat(metrics.at("/gauges/events.listening/value").asInt()).isEqualTo(1);
  }

  /** Until the streams of earlier tests are noticed gone (at the next keep-alive). */
  private static void awaitNoStreams() {
    ApiClient admin = new ApiClient(APP.getAdminPort());
    for (int i = 0; i < 50; i++) {
      JsonNode metrics = ApiClient.json(admin.get("/metrics", null));
      if (metrics.at("/gauges/events.streams/value").asInt() == 0) {
        return;
      }
      ApiClient.sleep(200);
    }
    throw new AssertionError("streams of earlier tests are still counted");
  }

  private static JsonNode withoutTime(JsonNode status) {
    ObjectNode copy = status.deepCopy();
    TIME_DERIVED.forEach(copy::remove);
    if ("pending".equals(status.path("status").asText())) {
      copy.remove("progress");
    }
    return copy;
  }
}
