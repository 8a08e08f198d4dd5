package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.activities.text.WordErrorRate;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole product on real read speech: upload over HTTP, a Temporal workflow on the test server,
 * the pure-Java sphinx4 engine, PostgreSQL embedded; then the transcript in every format.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TranscriptionEndToEndTest {
  private static final String COACH = "coach-e2e";
  static final DropwizardAppExtension<TranscriptionConfiguration> APP = TestApps.app("sphinx4");
  private static ApiClient api;

  @BeforeAll
  static void client() {
    api = new ApiClient(APP.getLocalPort());
  }

  @Test
  void librivoxIsTranscribedWithinTheAccuracyBoundAndProgressOnlyMovesForward() throws IOException {
    HttpResponse<String> created =
        api.upload(COACH, TestApps.audio("librivox.wav"), "librivox.wav", "Read speech");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode body = ApiClient.json(created);
    String id = body.get("session_id").asText();
    assertThat(created.headers().firstValue("Location"))
        .hasValueSatisfying(
            location -> assertThat(location).endsWith("/api/v1/sessions/" + id + "/status"));
    assertThat(body.get("status").asText()).isIn("pending", "processing");
    assertThat(body.get("duration_total").asDouble()).isBetween(24.0, 25.5);

    List<Double> seen = new ArrayList<>();
    JsonNode done =
        api.pollUntil(
            id,
            COACH,
            Duration.ofMinutes(8),
            status -> {
              seen.add(status.get("progress").asDouble());
              return status.get("status").asText().equals("completed")
                  || status.get("status").asText().equals("failed");
            });
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
    assertThat(done.get("progress").asDouble()).isEqualTo(100.0);
    assertThat(done.get("message").asText()).isEqualTo("Transcription complete!");
    assertThat(done.get("processing_seconds").asDouble()).isPositive();
    assertThat(done.has("poll_after_ms")).isFalse();
    assertThat(seen).isSortedAccordingTo(Double::compare);
    assertThat(seen.stream().filter(p -> p > 0 && p < 100).distinct().count())
        .as("progress moved within the run, not only at the end: %s", seen)
        .isGreaterThanOrEqualTo(2);

    String text = api.get("/api/v1/sessions/" + id + "/transcript?format=txt", COACH).body();
    String reference = Files.readString(TestApps.audio("librivox-reference.txt"));
    String hypothesis =
        ApiClient.json(api.get("/api/v1/sessions/" + id + "/transcript?format=json", COACH))
            .get("text")
            .asText();
    double wer = WordErrorRate.of(reference, hypothesis);
    System.out.printf("librivox.wav sphinx4 WER %.3f%n", wer);
    assertThat(wer).isLessThanOrEqualTo(0.45);
    assertThat(text).contains("Read speech");

    HttpResponse<String> srt = api.get("/api/v1/sessions/" + id + "/transcript?format=srt", COACH);
    assertThat(srt.statusCode()).isEqualTo(200);
    assertThat(srt.body())
        .startsWith("1\n")
        .containsPattern("\\d\\d:\\d\\d:\\d\\d,\\d{3} --> \\d\\d:\\d\\d:\\d\\d,\\d{3}");
    HttpResponse<String> vtt = api.get("/api/v1/sessions/" + id + "/transcript?format=vtt", COACH);
    assertThat(vtt.body())
        .startsWith("WEBVTT")
        .containsPattern("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} --> ");
    assertThat(vtt.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("text/vtt"));

    JsonNode list = ApiClient.json(api.get("/api/v1/sessions?status=completed&limit=1", COACH));
    assertThat(list.get("sessions")).hasSize(1);
    assertThat(list.get("sessions").get(0).get("session_id").asText()).isEqualTo(id);
    assertThat(list.get("next_cursor").isNull()).isTrue();
    assertThat(ApiClient.json(api.get("/api/v1/sessions", "another-coach")).get("sessions"))
        .isEmpty();
    JsonNode batch = ApiClient.json(api.get("/api/v1/sessions/status?ids=" + id, COACH));
    assertThat(batch.get("sessions")).hasSize(1);
    HttpResponse<String> first = api.get("/api/v1/sessions/" + id + "/status", COACH);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    HttpResponse<String> again =
        api.send(
            api.request("/api/v1/sessions/" + id + "/status", COACH)
                .header("If-None-Match", etag)
                .GET()
                .build());
    assertThat(again.statusCode()).isEqualTo(304);

    HttpResponse<String> cancelDone = api.post("/api/v1/sessions/" + id + "/cancel", COACH);
    assertThat(cancelDone.statusCode()).isEqualTo(409);
    assertThat(ApiClient.json(cancelDone).get("error").asText()).isEqualTo("already_final");
    HttpResponse<String> retryDone = api.post("/api/v1/sessions/" + id + "/retry", COACH);
    assertThat(ApiClient.json(retryDone).get("error").asText()).isEqualTo("not_failed");

    JsonNode openApi = ApiClient.json(api.get("/openapi.json", null));
    assertThat(openApi.get("paths").has("/api/v1/sessions/{id}/status")).isTrue();
    assertThat(openApi.get("paths").has("/api/v1/sessions/{id}/retry")).isTrue();
    assertThat(openApi.get("paths").has("/api/v1/tokens")).isTrue();
    assertThat(openApi.get("paths").has("/api/v1/auth/login")).isTrue();
    assertThat(openApi.at("/paths/~1api~1v1~1sessions~1{id}~1status/get").has("requestBody"))
        .as("the signed-in coach is not a body")
        .isFalse();

    // What operators see in Temporal says whose run it is, and nothing of the coach's content.
    WorkflowServiceStubs temporal =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(APP.getConfiguration().getTemporal().getAddress())
                .build());
    try {
      var run =
          temporal
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace("default")
                      .setExecution(
                          WorkflowExecution.newBuilder().setWorkflowId("transcription-" + id))
                      .build());
      assertThat(run.getWorkflowExecutionInfo().getMemo().getFieldsMap().keySet())
          .containsExactlyInAnyOrder("coach", "engine", "audio_seconds");
    } finally {
      temporal.shutdownNow();
    }

    JsonNode history = ApiClient.json(api.get("/api/v1/sessions/" + id + "/history", COACH));
    List<String> states = new ArrayList<>();
    history.get("history").forEach(entry -> states.add(entry.get("to_status").asText()));
    assertThat(states).containsExactly("pending", "processing", "completed");
  }
}
