package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each coach's notification choices through the API, on the real application (e-mail off). */
@ExtendWith(DropwizardExtensionsSupport.class)
class NotificationPreferencesTest {
  static final DropwizardAppExtension<TranscriptionConfiguration> APP = TestApps.app("auto");

  private static HttpResponse<String> put(String coach, String json) {
    ApiClient api = new ApiClient(APP.getLocalPort());
    return api.send(
        api.request("/api/v1/me/notifications", coach)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private static JsonNode get(String coach) {
    HttpResponse<String> answer =
        new ApiClient(APP.getLocalPort()).get("/api/v1/me/notifications", coach);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return ApiClient.json(answer);
  }

  @Test
  void theDefaultsAreEmailOnFailureAndOnCompletionOfRecordingsLongerThanTenMinutes() {
    JsonNode defaults = get("coach-defaults");
    assertThat(defaults.get("email_on_failure").asBoolean()).isTrue();
    assertThat(defaults.get("email_on_completion").asBoolean()).isTrue();
    assertThat(defaults.get("completion_min_minutes").asInt()).isEqualTo(10);
    assertThat(defaults.get("webhooks").asBoolean()).isTrue();
    assertThat(defaults.get("desktop_on_completion").asBoolean()).isTrue();
    // Behind the proxy there is no account, so no address until the coach gives one.
    assertThat(defaults.get("email").isNull()).isTrue();
    assertThat(defaults.get("email_to").isNull()).isTrue();
    assertThat(defaults.get("email_available").asBoolean()).isFalse();
  }

  @Test
  void aChangeKeepsWhatItDoesNotNameAndTheAddressCanBeClearedAgain() {
    String coach = "coach-changes";
    JsonNode changed =
        ApiClient.json(
            put(coach, "{\"completion_min_minutes\":0,\"email\":\" ana@example.com \"}"));
    assertThat(changed.get("completion_min_minutes").asInt()).isZero();
    assertThat(changed.get("email").asText()).isEqualTo("ana@example.com");
    assertThat(changed.get("email_to").asText()).isEqualTo("ana@example.com");
    assertThat(changed.get("email_on_failure").asBoolean()).isTrue();

    put(coach, "{\"email_on_failure\":false,\"desktop_on_completion\":false}");
    JsonNode now = get(coach);
    assertThat(now.get("email_on_failure").asBoolean()).isFalse();
    assertThat(now.get("desktop_on_completion").asBoolean()).isFalse();
    assertThat(now.get("completion_min_minutes").asInt()).isZero();
    assertThat(now.get("email").asText()).isEqualTo("ana@example.com");

    assertThat(ApiClient.json(put(coach, "{\"email\":\"\"}")).get("email").isNull()).isTrue();
    assertThat(get("coach-other").get("completion_min_minutes").asInt()).isEqualTo(10);
  }

  @Test
  void valuesOutOfRangeAreRefusedWithWhatToSend() {
    String coach = "coach-invalid";
    assertRefused(put(coach, "{\"completion_min_minutes\":-1}"), "invalid_minutes");
    assertRefused(put(coach, "{\"completion_min_minutes\":1441}"), "invalid_minutes");
    assertRefused(put(coach, "{\"email\":\"not an address\"}"), "invalid_email");
    assertRefused(put(coach, "{\"completion_min_minutes\":\"ten\"}"), "invalid_json");
    assertRefused(put(coach, "null"), "invalid_json");
    assertThat(get(coach).get("completion_min_minutes").asInt()).isEqualTo(10);
    assertThat(new ApiClient(APP.getLocalPort()).get("/api/v1/me/notifications", null).statusCode())
        .isEqualTo(401);
  }

  private static void assertRefused(HttpResponse<String> answer, String code) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(ApiClient.json(answer).get("error").asText()).isEqualTo(code);
  }
}
