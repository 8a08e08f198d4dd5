package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two API processes on one database, as behind a load balancer: this test JVM's application (API
 * and worker) and a second, API-only one in an operating-system process of its own
 * (config/local.yml as an operator runs it). Changes written through either process, by its API or
 * by the worker, reach the event streams open on the other: each process LISTENs to PostgreSQL's
 * notifications and reads the change itself. No Temporal call, no polling loop.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class EventFanOutTest {
  private static final String COACH = "coach-fan-out";
  static final DropwizardAppExtension<TranscriptionConfiguration> WORKER_APP =
      TestApps.app("auto", ConfigOverride.config("worker.engineSlots", "1"));
  private static ServiceProcess apiOnly;
  private static Path log;

  @BeforeAll
  static void startSecondProcess() throws IOException {
    TranscriptionConfiguration shared = WORKER_APP.getConfiguration();
    log = Files.createTempFile("coachtrack-fan-out-", ".log");
    apiOnly =
        ServiceProcess.start(
            Map.of(
                "ROLE",
                "api",
                "DATA_DIR",
                shared.getDataDir(),
                "DATABASE_URL",
                shared.getDatabase().getUrl(),
                "DATABASE_USER",
                "postgres",
                "DATABASE_PASSWORD",
                "",
                "TEMPORAL_ADDRESS",
                shared.getTemporal().getAddress()),
            ServiceProcess.freePort(),
            ServiceProcess.freePort(),
            log);
    apiOnly.awaitHealthy();
  }

  @AfterAll
  static void stopSecondProcess() throws IOException {
    if (apiOnly != null) {
      apiOnly.kill();
    }
    Files.deleteIfExists(log);
  }

  @Test
  void changesWrittenThroughOneProcessReachStreamsOnTheOther() {
    int here = WORKER_APP.getLocalPort();
    int there = apiOnly.port();
    ApiClient api = new ApiClient(here);
    ApiClient otherApi = new ApiClient(there);

    try (SseClient coachThere = SseClient.open(there, "/api/v1/events", COACH, Map.of());
        SseClient coachHere = SseClient.open(here, "/api/v1/events", COACH, Map.of())) {
      assertThat(coachThere.nextEvent(Duration.ofSeconds(10)).name()).isEqualTo("ready");
      assertThat(coachHere.nextEvent(Duration.ofSeconds(10)).name()).isEqualTo("ready");

      // Uploaded here: the new row's notification reaches the other process's stream.
      HttpResponse<String> created =
          api.upload(COACH, TestApps.audio("librivox.wav"), "librivox.wav", "Fan-out");
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String id = ApiClient.json(created).get("session_id").asText();
      JsonNode first = untilSession(coachThere, id, Duration.ofSeconds(10));
      assertThat(first.get("title").asText()).isEqualTo("Fan-out");

      // Followed on the other process, the worker here transcribes: every report reaches it.
      List<JsonNode> seen = new ArrayList<>();
      List<Double> delaysMs = new ArrayList<>();
      try (SseClient session =
          SseClient.open(there, "/api/v1/sessions/" + id + "/events", COACH, Map.of())) {
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.nextEvent(Duration.ofSeconds(10)).name()).isEqualTo("ready");
        SseClient.Event event;
        while (!"end".equals((event = session.nextEvent(Duration.ofMinutes(4))).name())) {
          JsonNode status = ApiClient.json(event.data());
          seen.add(status);
          if ("processing".equals(status.get("status").asText())) {
            // updated_at is the report's own time (progress_at): written here, heard there.
            delaysMs.add(
                Duration.between(Instant.parse(status.get("updated_at").asText()), Instant.now())
                        .toNanos()
                    / 1e6);
          }
        }
      }
      List<String> states = seen.stream().map(s -> s.get("status").asText()).toList();
      System.out.println("states on the other process: " + states);
      System.out.println("report to event on the other process, ms: " + delaysMs);
      assertThat(states).contains("processing").endsWith("completed");
      assertThat(seen.stream().map(s -> s.get("version").asLong()).toList())
          .isSortedAccordingTo(Long::compare);
      assertThat(seen.get(seen.size() - 1)).isEqualTo(otherApi.status(id, COACH));
      assertThat(delaysMs)
          .as("each report reached the other process's stream within seconds")
          .allMatch(ms -> ms < 5_000);

      // Uploaded through the other process (no worker there): the row it inserts reaches this
      // process's stream.
      HttpResponse<String> second =
          otherApi.upload(COACH, TestApps.audio("librivox.wav"), "librivox.wav", "Elsewhere");
      assertThat(second.statusCode()).as(second.body()).isEqualTo(201);
      String secondId = ApiClient.json(second).get("session_id").asText();
      JsonNode arrived = untilSession(coachHere, secondId, Duration.ofSeconds(10));
      assertThat(arrived.get("title").asText()).isEqualTo("Elsewhere");
      // The row's insert comes first; the upload's answer may already have a later version (the run
      // started), which follows on the stream too (or a later one still: a stream sends what is
      // now).
      long answered = ApiClient.json(second).get("version").asLong();
      while (arrived.get("version").asLong() < answered) {
        JsonNode next = untilSession(coachHere, secondId, Duration.ofSeconds(10));
        assertThat(next.get("version").asLong()).isGreaterThan(arrived.get("version").asLong());
        arrived = next;
      }
      assertThat(arrived.get("version").asLong()).isGreaterThanOrEqualTo(answered);
      // Not transcribed: the worker's cores go to the next test.
      api.post("/api/v1/sessions/" + secondId + "/cancel", COACH);
    }
  }

  /** The next status event on the coach's stream about that session. */
  private static JsonNode untilSession(SseClient stream, String id, Duration timeout) {
    while (true) {
      SseClient.Event event = stream.nextEvent(timeout);
      assertThat(event.name()).isEqualTo("status");
      JsonNode status = ApiClient.json(event.data());
      if (status.get("session_id").asText().equals(id)) {
        return status;
      }
    }
  }
}
