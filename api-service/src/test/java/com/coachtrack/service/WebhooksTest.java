package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhooks against the real application (embedded PostgreSQL, Temporal's test server, the real
 * engine) and a real receiver in this JVM: registration and its checks, signed deliveries of real
 * sessions' ends, a retry after a 500, a stop at a 410, every attempt listed. test.yml allows
 * loopback receivers and retries a second apart.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WebhooksTest {
  static final DropwizardAppExtension<TranscriptionConfiguration> APP = TestApps.app("auto");
  private static final WebhookReceiver RECEIVER = new WebhookReceiver();

  @AfterAll
  static void stopReceiver() {
    RECEIVER.close();
  }

  private static ApiClient api() {
    return new ApiClient(APP.getLocalPort());
  }

  static HttpResponse<String> send(String method, String path, String coach, String json) {
    ApiClient api = api();
    HttpRequest.Builder request = api.request(path, coach);
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return api.send(
        request
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  static HttpResponse<String> operator(String method, String path, String json) {
    ApiClient api = api();
    HttpRequest.Builder request =
        api.request(path, "operator-1").header("X-Coach-Role", "operator");
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return api.send(
        request
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private static JsonNode register(String coach, String url, String events) {
    HttpResponse<String> created =
        send(
            "POST",
            "/api/v1/webhooks",
            coach,
            "{\"url\":\"" + url + "\"" + (events == null ? "" : ",\"events\":" + events) + "}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return ApiClient.json(created);
  }

  private static String failedSession(String coach, String title) {
    HttpResponse<String> created =
        api().upload(coach, TestApps.audio("bad/silence-30s.wav"), "silence.wav", title);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = ApiClient.json(created).get("session_id").asText();
    JsonNode failed =
        api()
            .pollUntil(
                id, coach, Duration.ofMinutes(2), s -> s.get("status").asText().equals("failed"));
    assertThat(failed.get("error").get("code").asText()).isEqualTo("no_speech");
    return id;
  }

  private static JsonNode deliveries(String coach, String webhookId) {
    HttpResponse<String> answer =
        send("GET", "/api/v1/webhooks/" + webhookId + "/deliveries", coach, null);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return ApiClient.json(answer).get("deliveries");
  }

  private static JsonNode awaitDeliveries(
      String coach, String webhookId, Predicate<JsonNode> done) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    JsonNode list = deliveries(coach, webhookId);
    while (!done.test(list)) {
      assertThat(System.nanoTime()).as("deliveries within 60 s: " + list).isLessThan(deadline);
      ApiClient.sleep(200);
      list = deliveries(coach, webhookId);
    }
    return list;
  }

  @Test
  void anEndpointIsRegisteredWithASecretShownOnceThenListedAndRemoved() {
    String coach = "coach-register";
    HttpResponse<String> created =
        send(
            "POST",
            "/api/v1/webhooks",
            coach,
            "{\"url\":\"" + RECEIVER.url("register") + "\",\"events\":[\"session.failed\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode endpoint = ApiClient.json(created);
    String id = endpoint.get("id").asText();
    assertThat(created.headers().firstValue("Location")).hasValueSatisfying(l -> l.endsWith(id));
    assertThat(endpoint.get("secret").asText()).matches("whsec_[A-Za-z0-9+/]{43}=");
    assertThat(endpoint.get("events").toString()).isEqualTo("[\"session.failed\"]");
    assertThat(endpoint.get("scope").asText()).isEqualTo("mine");
    assertThat(endpoint.get("enabled").asBoolean()).isTrue();

    JsonNode list = ApiClient.json(send("GET", "/api/v1/webhooks", coach, null)).get("webhooks");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asText()).isEqualTo(id);
    assertThat(list.get(0).has("secret")).as("the secret is shown once").isFalse();
    assertThat(send("GET", "/api/v1/webhooks/" + id, coach, null).statusCode()).isEqualTo(200);
    assertThat(deliveries(coach, id)).isEmpty();

    // Another coach neither sees nor removes it.
    assertThat(send("GET", "/api/v1/webhooks/" + id, "coach-other", null).statusCode())
        .isEqualTo(404);
    HttpResponse<String> foreign = send("DELETE", "/api/v1/webhooks/" + id, "coach-other", null);
    assertThat(foreign.statusCode()).isEqualTo(404);
    assertThat(ApiClient.json(foreign).get("error").asText()).isEqualTo("webhook_not_found");
    assertThat(ApiClient.json(send("GET", "/api/v1/webhooks", "coach-other", null)).get("webhooks"))
        .isEmpty();

    assertThat(send("DELETE", "/api/v1/webhooks/" + id, coach, null).statusCode()).isEqualTo(204);
    assertThat(send("GET", "/api/v1/webhooks/" + id, coach, null).statusCode()).isEqualTo(404);
    assertThat(send("GET", "/api/v1/webhooks/not-an-id", coach, null).statusCode()).isEqualTo(404);
  }

  @Test
  void addressesThatAreNotPublicOrNotWebhooksAreRefusedWithTheReason() {
    String coach = "coach-refused";
    assertRefused(coach, "{\"url\":\"ftp://example.com/in\"}", 400, "invalid_webhook_url");
    assertRefused(coach, "{\"url\":\"not a url\"}", 400, "invalid_webhook_url");
    assertRefused(coach, "{}", 400, "invalid_webhook_url");
    assertRefused(
        coach, "{\"url\":\"https://user:pw@example.com/in\"}", 400, "invalid_webhook_url");
    assertRefused(
        coach,
        "{\"url\":\"" + RECEIVER.url("x") + "\",\"events\":[\"session.started\"]}",
        400,
        "invalid_events");
    assertRefused(
        coach, "{\"url\":\"" + RECEIVER.url("x") + "\",\"events\":[]}", 400, "invalid_events");
    assertRefused(
        coach, "{\"url\":\"" + RECEIVER.url("x") + "\",\"scope\":\"all\"}", 403, "operators_only");
    assertRefused(
        coach, "{\"url\":\"" + RECEIVER.url("x") + "\",\"scope\":\"some\"}", 400, "invalid_scope");
    // Private ranges stay refused although this installation allows loopback. Nothing connects:
    // the address is judged before any request.
    JsonNode metadata =
        assertRefused(
            coach,
            "{\"url\":\"http://169.254.169.254/latest/meta-data\"}",
            400,
            "webhook_target_refused");
    assertThat(metadata.get("message").asText()).contains("public addresses only");
    assertRefused(coach, "{\"url\":\"http://10.1.2.3/hook\"}", 400, "webhook_target_refused");
    assertRefused(
        coach, "{\"url\":\"https://no-such-host.invalid/hook\"}", 400, "webhook_target_refused");
    assertThat(ApiClient.json(send("GET", "/api/v1/webhooks", coach, null)).get("webhooks"))
        .isEmpty();

    for (int i = 0; i < 10; i++) {
      ApiClient.sleep(210);
      register(coach, RECEIVER.url("many-" + i), null);
    }
    assertRefused(
        coach, "{\"url\":\"" + RECEIVER.url("eleventh") + "\"}", 409, "too_many_webhooks");
  }

  private static JsonNode assertRefused(String coach, String json, int status, String code) {
    // Registering draws on the write budget (5 a second).
    ApiClient.sleep(210);
    HttpResponse<String> answer = send("POST", "/api/v1/webhooks", coach, json);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
    JsonNode body = ApiClient.json(answer);
    assertThat(body.get("error").asText()).isEqualTo(code);
    return body;
  }

  @Test
  void aFailureIsDeliveredSignedRetriedAfterAServerErrorAndListedWithEveryAttempt() {
    String coach = "coach-retry";
    JsonNode endpoint = register(coach, RECEIVER.url("retry"), "[\"session.failed\"]");
    String secret = endpoint.get("secret").asText();
    String webhookId = endpoint.get("id").asText();
    RECEIVER.answering("retry", 500);
    Instant before = Instant.now();

    String session = failedSession(coach, "Silent session");

    List<WebhookReceiver.Delivery> requests =
        RECEIVER.awaitAtLeast("retry", 2, Duration.ofSeconds(60));
    assertThat(requests).hasSize(2).allSatisfy(d -> assertThat(d.body()).contains(session));
    for (WebhookReceiver.Delivery delivery : requests) {
      assertThat(delivery.signedWith(secret)).as("signature of %s", delivery).isTrue();
      assertThat(delivery.timestamp())
          .isBetween(before.getEpochSecond() - 5, Instant.now().getEpochSecond() + 5);
    }
    assertThat(requests.get(1).id())
        .as("the same message id on a retry")
        .isEqualTo(requests.get(0).id());
    assertThat(requests.get(0).signedWith("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")).isFalse();

    JsonNode body = requests.get(1).json();
    assertThat(body.get("type").asText()).isEqualTo("session.failed");
    JsonNode data = body.get("data");
    assertThat(data.get("session_id").asText()).isEqualTo(session);
    assertThat(data.get("coach_id").asText()).isEqualTo(coach);
    assertThat(data.get("title").asText()).isEqualTo("Silent session");
    assertThat(data.get("status").asText()).isEqualTo("failed");
    assertThat(data.get("url").asText()).isEqualTo("http://localhost:8080/sessions/" + session);
    assertThat(data.get("error").get("code").asText()).isEqualTo("no_speech");
    assertThat(data.get("error").get("retryable").asBoolean()).isFalse();
    assertThat(data.get("error").get("message").asText())
        .isEqualTo("We found no speech in this recording.");

    JsonNode deliveries =
        awaitDeliveries(
            coach,
            webhookId,
            l -> l.size() == 1 && l.get(0).get("status").asText().equals("delivered"));
    JsonNode delivery = deliveries.get(0);
    assertThat(delivery.get("id").asText()).isEqualTo(requests.get(0).id());
    assertThat(delivery.get("event_type").asText()).isEqualTo("session.failed");
    assertThat(delivery.get("session_id").asText()).isEqualTo(session);
    assertThat(delivery.get("last_status_code").asInt()).isEqualTo(200);
    JsonNode attempts = delivery.get("attempts");
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0).get("attempt").asInt()).isEqualTo(1);
    assertThat(attempts.get(0).get("status_code").asInt()).isEqualTo(500);
    assertThat(attempts.get(0).get("error").asText()).startsWith("HTTP 500");
    assertThat(attempts.get(1).get("status_code").asInt()).isEqualTo(200);
    assertThat(attempts.get(1).get("error").isNull()).isTrue();
    assertThat(Instant.parse(attempts.get(1).get("at").asText()))
        .as("the retry waited its backoff")
        .isAfterOrEqualTo(Instant.parse(attempts.get(0).get("at").asText()).plusMillis(900));
  }

  @Test
  void aGoneReceiverStopsTheDeliveryAtOnceAndItsEndpointIsTurnedOff() {
    String coach = "coach-gone";
    JsonNode endpoint = register(coach, RECEIVER.url("gone"), null);
    String webhookId = endpoint.get("id").asText();
    RECEIVER.answering("gone", 410);

    String session = failedSession(coach, "Gone receiver");
    JsonNode deliveries =
        awaitDeliveries(
            coach,
            webhookId,
            l -> l.size() == 1 && l.get(0).get("status").asText().equals("failed"));
    assertThat(deliveries.get(0).get("attempts")).hasSize(1);
    assertThat(deliveries.get(0).get("last_status_code").asInt()).isEqualTo(410);
    JsonNode off = ApiClient.json(send("GET", "/api/v1/webhooks/" + webhookId, coach, null));
    assertThat(off.get("enabled").asBoolean()).isFalse();
    assertThat(off.get("disabled_reason").asText()).contains("410 Gone");
    assertThat(off.get("disabled_at").isNull()).isFalse();

    // The next session's end is not sent there at all.
    failedSession(coach, "After the 410");
    ApiClient.sleep(3000);
    assertThat(RECEIVER.received("gone"))
        .singleElement()
        .satisfies(d -> assertThat(d.body()).contains(session));
    assertThat(deliveries(coach, webhookId)).hasSize(1);
  }

  @Test
  void aCompletionReachesTheCoachsEndpointAndTheOperatorsButNoOtherCoachs() {
    String coach = "coach-completed";
    JsonNode own = register(coach, RECEIVER.url("own"), "[\"session.completed\"]");
    HttpResponse<String> all =
        operator(
            "POST",
            "/api/v1/webhooks",
            "{\"url\":\"" + RECEIVER.url("operators") + "\",\"scope\":\"all\"}");
    assertThat(all.statusCode()).as(all.body()).isEqualTo(201);
    JsonNode everyone = ApiClient.json(all);
    assertThat(everyone.get("scope").asText()).isEqualTo("all");
    register("coach-bystander", RECEIVER.url("bystander"), null);

    HttpResponse<String> created =
        api().upload(coach, TestApps.audio("librivox.wav"), "librivox.wav", "Read speech");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String session = ApiClient.json(created).get("session_id").asText();
    api()
        .pollUntil(
            session,
            coach,
            Duration.ofMinutes(4),
            s -> s.get("status").asText().matches("completed|failed|cancelled"));

    JsonNode mine =
        awaitDeliveries(
            coach,
            own.get("id").asText(),
            l -> l.size() == 1 && l.get(0).get("status").asText().equals("delivered"));
    assertThat(mine.get(0).get("event_type").asText()).isEqualTo("session.completed");
    WebhookReceiver.Delivery toCoach =
        RECEIVER.awaitAtLeast("own", 1, Duration.ofSeconds(30)).get(0);
    assertThat(toCoach.signedWith(own.get("secret").asText())).isTrue();
    JsonNode data = toCoach.json().get("data");
    assertThat(data.get("status").asText()).isEqualTo("completed");
    assertThat(data.get("word_count").asInt()).isPositive();
    assertThat(data.get("duration_seconds").asDouble()).isBetween(24.0, 25.5);
    assertThat(data.get("processing_seconds").asDouble()).isPositive();
    assertThat(data.get("error").isNull()).isTrue();
    assertThat(RECEIVER.awaitAtLeast("operators", 1, Duration.ofSeconds(30)))
        .filteredOn(d -> d.body().contains(session))
        .singleElement()
        .satisfies(d -> assertThat(d.signedWith(everyone.get("secret").asText())).isTrue());
    assertThat(RECEIVER.received("bystander")).isEmpty();

    // The operator sees the all-coaches endpoint and its delivery; the coach does not.
    JsonNode operatorsList =
        ApiClient.json(operator("GET", "/api/v1/webhooks", null)).get("webhooks");
    assertThat(operatorsList).anySatisfy(w -> assertThat(w.get("scope").asText()).isEqualTo("all"));
    assertThat(ApiClient.json(send("GET", "/api/v1/webhooks", coach, null)).get("webhooks"))
        .hasSize(1);
    assertThat(
            send("GET", "/api/v1/webhooks/" + everyone.get("id").asText(), coach, null)
                .statusCode())
        .isEqualTo(404);
    assertThat(
            operator("DELETE", "/api/v1/webhooks/" + everyone.get("id").asText(), null)
                .statusCode())
        .isEqualTo(204);
  }

  @Test
  void aCancelIsDeliveredAndACoachWhoPausedWebhooksGetsNone() {
    String coach = "coach-cancel";
    JsonNode endpoint = register(coach, RECEIVER.url("cancel"), null);
    HttpResponse<String> created =
        api().upload(coach, TestApps.audio("long-10min.mp3"), "long.mp3", "Cancelled one");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String session = ApiClient.json(created).get("session_id").asText();
    HttpResponse<String> cancelled = api().post("/api/v1/sessions/" + session + "/cancel", coach);
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);

    JsonNode deliveries =
        awaitDeliveries(
            coach,
            endpoint.get("id").asText(),
            l -> l.size() == 1 && l.get(0).get("status").asText().equals("delivered"));
    assertThat(deliveries.get(0).get("event_type").asText()).isEqualTo("session.cancelled");

    HttpResponse<String> paused =
        send("PUT", "/api/v1/me/notifications", coach, "{\"webhooks\":false}");
    assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
    assertThat(ApiClient.json(paused).get("webhooks").asBoolean()).isFalse();
    failedSession(coach, "While paused");
    ApiClient.sleep(3000);
    assertThat(deliveries(coach, endpoint.get("id").asText())).hasSize(1);
  }
}
