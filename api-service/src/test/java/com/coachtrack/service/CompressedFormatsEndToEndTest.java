package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.activities.text.WordErrorRate;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The coaching dialogue as coaches upload it (MP3, AAC in M4A) through the whole system, with the
 * default engine (pocketsphinx when installed, else sphinx4). The synthetic voices are hard for
 * these models (measured 50-62 % WER on the whole file), so the bound is looser than for read
 * speech.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class CompressedFormatsEndToEndTest {
  private static final String COACH = "coach-formats";
  static final DropwizardAppExtension<TranscriptionConfiguration> APP = TestApps.app("auto");
  private static ApiClient api;

  @BeforeAll
  static void client() {
    api = new ApiClient(APP.getLocalPort());
  }

  @ParameterizedTest
  @ValueSource(strings = {"coaching.mp3", "coaching.m4a"})
  void coachingDialogueIsTranscribed(String file) throws IOException {
    HttpResponse<String> created = api.upload(COACH, TestApps.audio(file), file, null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode body = ApiClient.json(created);
    assertThat(body.get("duration_total").asDouble()).isBetween(79.0, 82.5);
    String id = body.get("session_id").asText();

    JsonNode done =
        api.pollUntil(
            id,
            COACH,
            Duration.ofMinutes(10),
            s -> s.get("status").asText().matches("completed|failed"));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");

    JsonNode transcript =
        ApiClient.json(api.get("/api/v1/sessions/" + id + "/transcript?format=json", COACH));
    double wer =
        WordErrorRate.of(
            Files.readString(TestApps.audio("coaching-reference.txt")),
            transcript.get("text").asText());
    System.out.printf("%s WER %.3f (%d words)%n", file, wer, transcript.get("word_count").asInt());
    assertThat(wer).isLessThanOrEqualTo(0.75);
    assertThat(transcript.get("segments").size()).isGreaterThan(3);
  }
}
