package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The transcript as it grows, against the real application: coaching.wav (80.7 s) is cut into 3
 * chunks, and with one engine slot they finish one by one. Whenever the session's events say
 * another chunk is done, {@code ?partial=true} is read in all four formats: the finished chunks'
 * words in order, and the stretch still being transcribed marked. Each later read keeps what the
 * earlier one had, and once completed the partial read is the final transcript.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class PartialTranscriptTest {
  private static final String COACH = "coach-partial";
  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app("auto", ConfigOverride.config("worker.engineSlots", "1"));

  @Test
  void partialTranscriptsGrowChunkByChunkUntilTheyAreTheFinalOne() {
    ApiClient api = new ApiClient(APP.getLocalPort());
    HttpResponse<String> created =
        api.upload(COACH, TestApps.audio("coaching.wav"), "coaching.wav", "Growing");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = ApiClient.json(created).get("session_id").asText();
    String transcript = "/api/v1/sessions/" + id + "/transcript";

    HttpResponse<String> notYet = api.get(transcript + "?format=json", COACH);
    assertThat(notYet.statusCode()).as("without partial=true: as before").isEqualTo(409);
    assertThat(ApiClient.json(notYet).get("error").asText()).isEqualTo("transcript_not_ready");
    assertThat(ApiClient.json(notYet).get("message").asText()).contains("partial=true");
    assertThat(api.get(transcript + "?partial=maybe", COACH).statusCode()).isEqualTo(400);

    List<JsonNode> partials = new ArrayList<>();
    int chunksSeen = 0;
    try (SseClient events =
        SseClient.open(APP.getLocalPort(), "/api/v1/sessions/" + id + "/events", COACH, Map.of())) {
      SseClient.Event event;
      while (!"end".equals((event = events.nextEvent(Duration.ofMinutes(4))).name())) {
        if (!"status".equals(event.name())) {
          continue;
        }
        JsonNode status = ApiClient.json(event.data());
        int done = status.get("chunks_done").asInt();
        // After the last chunk the session is still processing for a moment (the words are
        // counted, the outcome written): nothing is missing then, which is the final transcript's
        // business, checked below.
        if (!"processing".equals(status.get("status").asText())
            || done <= chunksSeen
            || done >= status.get("chunks_total").asInt()) {
          continue;
        }
        chunksSeen = done;
        JsonNode partial = ApiClient.json(api.get(transcript + "?partial=true&format=json", COACH));
        assertPartialFormats(api, transcript, partial);
        partials.add(partial);
      }
      assertThat(ApiClient.json(event.data()).get("status").asText()).isEqualTo("completed");
    }
    System.out.println(
        "partial reads: "
            + partials.stream()
                .map(
                    p ->
                        p.get("chunks_done") + "/" + p.get("chunks_total") + " " + p.get("covered"))
                .toList());
    assertThat(partials)
        .as("two points of the run, one and then more chunks done")
        .hasSizeGreaterThanOrEqualTo(2);
    JsonNode first = partials.get(0);
    JsonNode later = partials.get(partials.size() - 1);
    assertThat(first.get("chunks_total").asInt()).isEqualTo(3);
    assertThat(first.get("chunks_done").asInt()).isLessThan(later.get("chunks_done").asInt());
    assertThat(later.get("words").size()).isGreaterThan(first.get("words").size());
    assertThat(coveredSeconds(later)).isGreaterThan(coveredSeconds(first));

    // Once completed, partial=true is the final transcript, which keeps every word read before.
    HttpResponse<String> whole = api.get(transcript + "?format=json", COACH);
    assertThat(whole.statusCode()).isEqualTo(200);
    assertThat(api.get(transcript + "?format=json&partial=true", COACH).body())
        .isEqualTo(whole.body());
    JsonNode complete = ApiClient.json(whole);
    assertThat(complete.has("partial")).isFalse();
    List<String> finalWords = texts(complete);
    for (JsonNode partial : partials) {
      assertThat(finalWords).containsSubsequence(texts(partial));
    }
    assertThat(finalWords.size()).isGreaterThan(later.get("words").size());
  }

  /**
   * JSON: finished chunks' words within the covered ranges, the rest missing, both adding up to the
   * recording; TXT, SRT and VTT: the same words with the missing stretch marked.
   */
  private static void assertPartialFormats(ApiClient api, String transcript, JsonNode json) {
    assertThat(json.get("partial").asBoolean()).isTrue();
    assertThat(json.get("duration_total").asDouble()).isBetween(80.0, 81.0);
    JsonNode covered = json.get("covered");
    JsonNode missing = json.get("missing");
    assertThat(covered).isNotEmpty();
    assertThat(missing).as("read while processing: something is missing").isNotEmpty();
    assertThat(coveredSeconds(json) + seconds(missing))
        .isCloseTo(json.get("duration_total").asDouble(), org.assertj.core.data.Offset.offset(0.5));
    assertThat(json.get("words")).isNotEmpty();
    for (JsonNode word : json.get("words")) {
      double start = word.get("start").asDouble();
      boolean inside = false;
      for (JsonNode range : covered) {
        inside |=
            start >= range.get("start").asDouble() - 0.01 && start <= range.get("end").asDouble();
      }
      assertThat(inside).as("word %s at %.2f s is in a finished chunk", word, start).isTrue();
    }

    JsonNode gap = missing.get(0);
    String marker =
        String.format(
            Locale.ROOT,
            "[… %s–%s still being transcribed …]",
            clock((long) Math.floor(gap.get("start").asDouble())),
            clock((long) Math.ceil(gap.get("end").asDouble())));
    String firstWord = json.get("words").get(0).get("text").asText();
    for (String format : List.of("txt", "srt", "vtt")) {
      HttpResponse<String> text = api.get(transcript + "?partial=true&format=" + format, COACH);
      assertThat(text.statusCode()).isEqualTo(200);
      assertThat(text.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(text.body()).as(format).contains(marker).contains(firstWord);
    }
  }

  private static double coveredSeconds(JsonNode partial) {
    return seconds(partial.get("covered"));
  }

  private static double seconds(JsonNode ranges) {
    double total = 0;
    for (JsonNode range : ranges) {
      total += range.get("end").asDouble() - range.get("start").asDouble();
    }
    return total;
  }

  private static List<String> texts(JsonNode transcript) {
    List<String> words = new ArrayList<>();
    transcript.get("words").forEach(w -> words.add(w.get("text").asText()));
    return words;
  }

  private static String clock(long seconds) {
    return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
