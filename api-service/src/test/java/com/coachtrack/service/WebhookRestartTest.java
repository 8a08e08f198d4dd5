package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A webhook delivery survives its whole application being killed between two attempts: Temporal
 * (here its test server on a port of this JVM, standing for the cluster that outlives every
 * application process) keeps the retry, and the application started again on the same data
 * directory makes it.
 */
class WebhookRestartTest {
  private static final String COACH = "coach-restart";

  private final List<ServiceProcess> started = new ArrayList<>();
  private TestServer.PortBoundTestServer temporal;
  private WebhookReceiver receiver;
  private Path dataDir;

  @AfterEach
  void stopEverything() throws Exception {
    started.forEach(ServiceProcess::kill);
    if (dataDir != null) {
      Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
      if (Files.exists(pidFile)) {
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        ProcessHandle.of(pid).ifPresent(ServiceProcess::kill);
      }
    }
    if (receiver != null) {
      receiver.close();
    }
    if (temporal != null) {
      temporal.close();
    }
  }

  @Test
  void aDeliveryRetriedAfterTheApplicationWasKilledIsMadeByItsNextStart() throws IOException {
    int temporalPort = ServiceProcess.freePort();
    temporal = TestServer.createPortBoundServer(temporalPort, true);
    receiver = new WebhookReceiver().otherwise("restart", 500);
    dataDir = Files.createTempDirectory("coachtrack-webhook-restart-");
    int port = ServiceProcess.freePort();
    int adminPort = ServiceProcess.freePort();
    Map<String, String> env =
        Map.of(
            "DATA_DIR", dataDir.toString(),
            "TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort,
            "WEBHOOK_ALLOW_PRIVATE", "127.0.0.0/8",
            "WEBHOOK_FIRST_RETRY", "3 seconds",
            "WEBHOOK_MAX_RETRY", "5 seconds");
    ApiClient api = new ApiClient(port);

    ServiceProcess first = start(env, port, adminPort).awaitHealthy();
    HttpResponse<String> registered =
        api.send(
            api.request("/api/v1/webhooks", COACH)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"url\":\"" + receiver.url("restart") + "\"}"))
                .build());
    assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
    JsonNode endpoint = ApiClient.json(registered);
    HttpResponse<String> created =
        api.upload(COACH, TestApps.audio("bad/silence-30s.wav"), "silence.wav", "Across restarts");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String session = ApiClient.json(created).get("session_id").asText();

    receiver.awaitAtLeast("restart", 1, Duration.ofMinutes(2));
    // Killed once the 500 is on record, while the delivery waits for its next attempt.
    awaitDelivery(api, endpoint, d -> d.get("attempts").size() >= 1);
    first.kill();
    int beforeRestart = receiver.received("restart").size();
    receiver.otherwise("restart", 200);
    ApiClient.sleep(5000);
    assertThat(receiver.received("restart"))
        .as("nothing is sent while no application runs")
        .hasSize(beforeRestart);

    start(env, port, adminPort).awaitHealthy();
    List<WebhookReceiver.Delivery> requests =
        receiver.awaitAtLeast("restart", beforeRestart + 1, Duration.ofMinutes(3));
    assertThat(requests).allSatisfy(d -> assertThat(d.body()).contains(session));
    assertThat(requests)
        .extracting(WebhookReceiver.Delivery::id)
        .containsOnly(requests.get(0).id());
    assertThat(requests.get(requests.size() - 1).signedWith(endpoint.get("secret").asText()))
        .isTrue();

    JsonNode delivery =
        awaitDelivery(api, endpoint, d -> d.get("status").asText().equals("delivered"));
    JsonNode attempts = delivery.get("attempts");
    assertThat(attempts.size()).isEqualTo(requests.size());
    assertThat(attempts.get(0).get("status_code").asInt()).isEqualTo(500);
    assertThat(attempts.get(attempts.size() - 1).get("status_code").asInt()).isEqualTo(200);
  }

  private ServiceProcess start(Map<String, String> env, int port, int adminPort) {
    ServiceProcess service =
        ServiceProcess.start(env, port, adminPort, dataDir.resolve("service.log"));
    started.add(service);
    return service;
  }

  private static JsonNode awaitDelivery(
      ApiClient api, JsonNode endpoint, java.util.function.Predicate<JsonNode> done) {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (true) {
      HttpResponse<String> answer =
          api.get("/api/v1/webhooks/" + endpoint.get("id").asText() + "/deliveries", COACH);
      if (answer.statusCode() == 200) {
        JsonNode deliveries = ApiClient.json(answer).get("deliveries");
        if (deliveries.size() == 1 && done.test(deliveries.get(0))) {
          return deliveries.get(0);
        }
      }
      assertThat(System.nanoTime()).as("the delivery: " + answer.body()).isLessThan(deadline);
      ApiClient.sleep(250);
    }
  }
}
