package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A session the coach deletes (with its recording and transcript) stays in their analytics: the
 * outcome row holds nothing of the recording and has no foreign key to the session.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AnalyticsAfterDeleteTest {
  private static final String COACH = "coach-analytics-delete";
  static final DropwizardAppExtension<TranscriptionConfiguration> APP = TestApps.app("auto");

  @Test
  void aDeletedSessionIsStillCountedByReason() {
    ApiClient api = new ApiClient(APP.getLocalPort());
    HttpResponse<String> created =
        api.upload(COACH, TestApps.audio("bad/silence-30s.wav"), "quiet.wav", null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = ApiClient.json(created).get("session_id").asText();
    JsonNode failed =
        api.pollUntil(
            id,
            COACH,
            Duration.ofMinutes(5),
            s -> List.of("completed", "failed").contains(s.get("status").asText()));
    assertThat(failed.get("status").asText()).isEqualTo("failed");
    String code = failed.at("/error/code").asText();
    JsonNode before = analytics(api);
    assertThat(before.at("/totals/failed").asInt()).isEqualTo(1);

    HttpResponse<String> deleted =
        api.send(api.request("/api/v1/sessions/" + id, COACH).DELETE().build());
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    assertThat(api.get("/api/v1/sessions/" + id + "/status", COACH).statusCode()).isEqualTo(404);

    JsonNode after = analytics(api);
    assertThat(after.get("totals")).isEqualTo(before.get("totals"));
    assertThat(after.get("failures")).hasSize(1);
    assertThat(after.at("/failures/0/code").asText()).isEqualTo(code);
    assertThat(after.at("/failures/0/count").asInt()).isEqualTo(1);
  }

  private static JsonNode analytics(ApiClient api) {
    HttpResponse<String> answer = api.get("/api/v1/analytics", COACH);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return ApiClient.json(answer);
  }
}
