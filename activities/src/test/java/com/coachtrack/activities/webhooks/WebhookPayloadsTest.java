package com.coachtrack.activities.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.store.SessionRow;
import com.coachtrack.workflows.activities.SessionEvent;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.SessionStatus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The JSON body a receiver gets for each kind of ending, field by field. */
class WebhookPayloadsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PUBLIC_URL = "https://coachtrack.example.org";
  private static final UUID ID = UUID.fromString("4c1f7a2e-9b3d-4e5f-8a6b-7c8d9e0f1a2b");
  private static final Instant AT = Instant.parse("2026-12-01T12:00:00Z");

  private static SessionRow session(
      String status, double activeBefore, Double processing, Integer words) {
    return new SessionRow(
        ID,
        "coach-ana",
        "Session with Ben",
        "ben.mp3",
        "k",
        1000,
        "mp3/mp3",
        "sphinx4",
        "transcription-" + ID,
        status,
        2,
        3725.44,
        3725.44,
        1,
        activeBefore,
        "m",
        null,
        null,
        AT,
        AT,
        AT,
        AT,
        AT,
        AT,
        AT,
        processing,
        words,
        7,
        4,
        4);
  }

  private static JsonNode payload(SessionEvent event, SessionRow session) throws Exception {
    return JSON.readTree(WebhookPayloads.of(event, session, PUBLIC_URL));
  }

  @Test
  void aCompletionCarriesTheNumbersAndTheLink() throws Exception {
    JsonNode body =
        payload(
            new SessionEvent(ID.toString(), SessionStatus.COMPLETED, 2, null, AT.toEpochMilli()),
            session("completed", 100, 754.26, 5120));

    assertThat(body.get("type").asText()).isEqualTo("session.completed");
    assertThat(body.get("timestamp").asText()).isEqualTo("2026-12-01T12:00:00Z");
    JsonNode data = body.get("data");
    assertThat(data.get("session_id").asText()).isEqualTo(ID.toString());
    assertThat(data.get("coach_id").asText()).isEqualTo("coach-ana");
    assertThat(data.get("status").asText()).isEqualTo("completed");
    assertThat(data.get("attempt").asInt()).isEqualTo(2);
    assertThat(data.get("title").asText()).isEqualTo("Session with Ben");
    assertThat(data.get("original_filename").asText()).isEqualTo("ben.mp3");
    assertThat(data.get("duration_seconds").asDouble()).isEqualTo(3725.4);
    assertThat(data.get("processing_seconds").asDouble()).isEqualTo(754.3);
    assertThat(data.get("word_count").asInt()).isEqualTo(5120);
    assertThat(data.get("url").asText()).isEqualTo(PUBLIC_URL + "/sessions/" + ID);
    assertThat(data.get("error").isNull()).isTrue();
  }

  @Test
  void aFailureCarriesThePlainReasonWhetherRetryHelpsAndTheHelpLink() throws Exception {
    JsonNode data =
        payload(
                new SessionEvent(
                    ID.toString(),
                    SessionStatus.FAILED,
                    2,
                    ErrorCode.STORAGE_ERROR,
                    AT.toEpochMilli()),
                session("failed", 61.25, null, 99))
            .get("data");

    assertThat(data.get("status").asText()).isEqualTo("failed");
    // The time its attempts ran, and no word count for words never assembled.
    assertThat(data.get("processing_seconds").asDouble()).isEqualTo(61.3);
    assertThat(data.get("word_count").isNull()).isTrue();
    JsonNode error = data.get("error");
    assertThat(error.get("code").asText()).isEqualTo("storage_error");
    assertThat(error.get("retryable").asBoolean()).isTrue();
    assertThat(error.get("message").asText()).isEqualTo(ErrorCode.STORAGE_ERROR.userMessage());
    assertThat(error.get("next_steps").asText()).isEqualTo(ErrorCode.STORAGE_ERROR.nextSteps());
    assertThat(error.get("help_url").asText())
        .isEqualTo(PUBLIC_URL + "/help/troubleshooting#storage_error");
  }

  @Test
  void aCancelHasNoErrorAndNoWords() throws Exception {
    JsonNode body =
        payload(
            new SessionEvent(ID.toString(), SessionStatus.CANCELLED, 1, null, AT.toEpochMilli()),
            session("cancelled", 12, null, null));

    assertThat(body.get("type").asText()).isEqualTo("session.cancelled");
    assertThat(body.get("data").get("word_count").isNull()).isTrue();
    assertThat(body.get("data").get("error").isNull()).isTrue();
    assertThat(body.get("data").get("processing_seconds").asDouble()).isEqualTo(12.0);
  }
}
