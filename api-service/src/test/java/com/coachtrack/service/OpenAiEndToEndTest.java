package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole product with {@code ENGINE=openai} against an OpenAI-compatible speech server in the
 * test JVM ({@link SpeechServer}): upload over HTTP, the workflow on Temporal's test server, each
 * chunk posted as a WAV, the words stored and assembled; then the transcript's word times, SRT and
 * VTT checked across the chunk boundaries against the chunk plan in the database. The installation
 * offers a local engine too ({@code ENGINES=openai,auto}), so a session the speech server refused
 * can be retried on it.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OpenAiEndToEndTest {
  private static final String COACH = "coach-openai";
  static final SpeechServer SPEECH = SpeechServer.start();
  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app(
          "openai",
          ConfigOverride.config("speech.engines", "openai,auto"),
          ConfigOverride.config("speech.asrUrl", SPEECH.url()),
          ConfigOverride.config("speech.asrApiKey", "sk-test"));
  private static ApiClient api;

  /** One planned chunk, from the database. */
  record Chunk(int index, double start, double end) {}

  /** One SRT or VTT cue. */
  record Cue(double start, double end, String text) {}

  @BeforeAll
  static void client() {
    api = new ApiClient(APP.getLocalPort());
  }

  @AfterAll
  static void stopSpeech() {
    SPEECH.close();
  }

  @BeforeEach
  void answerEveryRequest() {
    SPEECH.refuseKeyAfter(Integer.MAX_VALUE);
  }

  @Test
  @Order(1)
  void wordTimesStayInOrderAndInTheirChunkAcrossEveryBoundaryInJsonSrtAndVtt()
      throws IOException, SQLException {
    JsonNode engines = ApiClient.json(api.get("/api/v1/engines", COACH));
    assertThat(engines.get("default_engine").asText()).isEqualTo("openai");
    JsonNode openai = engines.get("engines").get(0);
    assertThat(openai.get("name").asText()).isEqualTo("openai");
    assertThat(openai.get("display_name").asText()).isEqualTo("Accurate");
    assertThat(openai.get("available").asBoolean()).as(openai.toString()).isTrue();
    assertThat(openai.get("is_default").asBoolean()).isTrue();
    assertThat(openai.get("seconds_per_audio_second").asDouble()).isPositive();
    assertThat(engines.get("engines").get(1).get("display_name").asText()).isEqualTo("Fast draft");
    int requestsBefore = SPEECH.received().size();

    HttpResponse<String> created =
        api.upload(COACH, TestApps.audio("coaching.wav"), "coaching.wav", "Through the server");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = ApiClient.json(created).get("session_id").asText();
    assertThat(ApiClient.json(created).get("engine").asText()).isEqualTo("openai");
    List<Double> seen = new ArrayList<>();
    JsonNode done =
        api.pollUntil(
            id,
            COACH,
            Duration.ofMinutes(3),
            s -> {
              seen.add(s.get("progress").asDouble());
              return List.of("completed", "failed").contains(s.get("status").asText());
            });
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
    assertThat(seen).isSortedAccordingTo(Double::compare);

    List<Chunk> chunks = chunks(id);
    assertThat(chunks).as("coaching.wav is cut into several chunks").hasSizeGreaterThan(1);
    List<SpeechServer.Received> requests =
        SPEECH.received().subList(requestsBefore, SPEECH.received().size());
    assertThat(requests).hasSize(chunks.size());
    assertThat(requests)
        .allSatisfy(
            r -> {
              assertThat(r.model()).isEqualTo("whisper-1");
              assertThat(r.responseFormat()).isEqualTo("verbose_json");
              assertThat(r.authorization()).isEqualTo("Bearer sk-test");
            });
    for (Chunk chunk : chunks) {
      assertThat(requests)
          .as("one request held chunk %d's audio", chunk.index())
          .anySatisfy(
              r ->
                  assertThat(r.audioSeconds())
                      .isCloseTo(chunk.end() - chunk.start(), within(1e-3)));
    }

    JsonNode transcript =
        ApiClient.json(api.get("/api/v1/sessions/" + id + "/transcript?format=json", COACH));
    List<JsonNode> words = new ArrayList<>();
    transcript.get("words").forEach(words::add);
    int next = 0;
    for (Chunk chunk : chunks) {
      int k = 0;
      for (; k + 0.75 <= chunk.end() - chunk.start() + 1e-6; k++, next++) {
        JsonNode word = words.get(next);
        assertThat(word.get("text").asText()).isEqualTo("w" + k);
        assertThat(word.get("start").asDouble())
            .as("word %d of chunk %d, offset by the chunk's start", k, chunk.index())
            .isCloseTo(chunk.start() + k + 0.25, within(1e-3));
        assertThat(word.get("end").asDouble())
            .isCloseTo(chunk.start() + k + 0.75, within(1e-3))
            .isLessThanOrEqualTo(chunk.end() + 1e-6);
      }
      assertThat(k).as("chunk %d had words", chunk.index()).isPositive();
    }
    assertThat(words).as("nothing lost or added at the cuts").hasSize(next);
    assertThat(transcript.get("word_count").asInt()).isEqualTo(next);
    for (int i = 1; i < words.size(); i++) {
      assertThat(words.get(i).get("start").asDouble())
          .as("word %d starts after word %d ends", i, i - 1)
          .isGreaterThanOrEqualTo(words.get(i - 1).get("end").asDouble());
    }

    String srt = api.get("/api/v1/sessions/" + id + "/transcript?format=srt", COACH).body();
    String vtt = api.get("/api/v1/sessions/" + id + "/transcript?format=vtt", COACH).body();
    assertThat(vtt).startsWith("WEBVTT");
    for (List<Cue> cues : List.of(cues(srt, ','), cues(vtt, '.'))) {
      assertThat(cues).isNotEmpty();
      int cueWords = 0;
      for (int i = 0; i < cues.size(); i++) {
        Cue cue = cues.get(i);
        assertThat(cue.end()).isGreaterThan(cue.start());
        if (i > 0) {
          assertThat(cue.start()).isGreaterThanOrEqualTo(cues.get(i - 1).end());
        }
        String[] texts = cue.text().split(" ");
        JsonNode first = words.get(cueWords);
        JsonNode last = words.get(cueWords + texts.length - 1);
        assertThat(texts[0]).isEqualTo(first.get("text").asText());
        assertThat(cue.start()).isCloseTo(first.get("start").asDouble(), within(0.0011));
        assertThat(cue.end()).isCloseTo(last.get("end").asDouble(), within(0.0011));
        cueWords += texts.length;
      }
      assertThat(cueWords).as("every word in a cue, once").isEqualTo(words.size());
    }
  }

  /** Last: the refused key stays the engine's problem in the engines list for a while. */
  @Test
  @Order(4)
  void aRefusedKeyFailsAsOurSideAndARetryOnTheLocalEngineTranscribesItAllAgain() {
    SPEECH.refuseKeyAfter(0);
    int requestsBefore = SPEECH.received().size();
    String id = upload("librivox.wav", "openai");
    JsonNode failed = waitForFinal(id);

    assertThat(failed.get("status").asText()).isEqualTo("failed");
    JsonNode error = failed.get("error");
    assertThat(error.get("code").asText()).isEqualTo("engine_auth");
    assertThat(error.get("retryable").asBoolean()).isTrue();
    assertThat(error.get("message").asText()).contains("our side");
    assertThat(error.get("next_steps").asText()).contains("ASR_API_KEY", "another engine");
    assertThat(SPEECH.received().size() - requestsBefore)
        .as("a refused key is not tried again automatically: one request per chunk")
        .isEqualTo(chunksOf(id));
    JsonNode openai = ApiClient.json(api.get("/api/v1/engines", COACH)).get("engines").get(0);
    assertThat(openai.get("name").asText()).isEqualTo("openai");

    HttpResponse<String> unknown = retry(id, "{\"engine\":\"vosk\"}");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(ApiClient.json(unknown).get("error").asText()).isEqualTo("unknown_engine");
    assertThat(ApiClient.json(unknown).get("message").asText()).contains("openai (Accurate)");
    HttpResponse<String> notJson = retry(id, "{engine");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(ApiClient.json(notJson).get("error").asText()).isEqualTo("invalid_json");

    String local =
        ApiClient.json(api.get("/api/v1/engines", COACH))
            .get("engines")
            .get(1)
            .get("name")
            .asText();
    HttpResponse<String> retried = retry(id, "{\"engine\":\"" + local + "\"}");
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
    assertThat(ApiClient.json(retried).get("engine").asText()).isEqualTo(local);
    JsonNode done = waitForFinal(id);
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
    assertThat(done.get("attempt").asInt()).isEqualTo(2);
    String text =
        ApiClient.json(api.get("/api/v1/sessions/" + id + "/transcript?format=json", COACH))
            .get("text")
            .asText();
    assertThat(text).as("the local engine's words, none of the server's").doesNotContain("w0");
    assertThat(text.split(" ")).hasSizeGreaterThan(20);
  }

  @Test
  @Order(3)
  void aRetryOnTheSameEngineTranscribesOnlyTheChunksNotDone() throws SQLException {
    // The first answer is a transcription, every later one a refused key.
    SPEECH.refuseKeyAfter(1);
    int requestsBefore = SPEECH.received().size();
    String id = upload("coaching.wav", null);
    JsonNode failed = waitForFinal(id);
    assertThat(failed.get("error").get("code").asText()).isEqualTo("engine_auth");
    long doneBefore = chunks(id).size() - notDone(id);
    assertThat(doneBefore).as("the one answered chunk was kept").isEqualTo(1);
    int requestsAtFailure = SPEECH.received().size();

    SPEECH.refuseKeyAfter(Integer.MAX_VALUE);
    HttpResponse<String> retried = api.post("/api/v1/sessions/" + id + "/retry", COACH);
    assertThat(retried.statusCode()).as(retried.body()).isEqualTo(202);
    JsonNode done = waitForFinal(id);

    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
    assertThat(SPEECH.received().size() - requestsAtFailure)
        .as("only the chunks not done are sent again")
        .isEqualTo(chunks(id).size() - doneBefore);
    assertThat(requestsAtFailure - requestsBefore).isLessThanOrEqualTo(chunks(id).size());
  }

  @Test
  @Order(2)
  void anUploadNamesItsEngineAndAnUnknownOneIsRefusedWithTheChoices() {
    HttpResponse<String> unknown =
        api.send(multipart("coach-unknown-engine", "librivox.wav", "whisper-large").build());
    assertThat(unknown.statusCode()).isEqualTo(400);
    JsonNode body = ApiClient.json(unknown);
    assertThat(body.get("error").asText()).isEqualTo("unknown_engine");
    assertThat(body.get("message").asText())
        .contains("'whisper-large'", "openai (Accurate)", "(Fast draft)");
    assertThat(ApiClient.json(api.get("/api/v1/sessions", "coach-unknown-engine")).get("sessions"))
        .as("a refused upload leaves no session")
        .isEmpty();

    String local =
        ApiClient.json(api.get("/api/v1/engines", COACH))
            .get("engines")
            .get(1)
            .get("name")
            .asText();
    HttpResponse<String> chosen =
        api.send(
            multipart("coach-unknown-engine", "librivox.wav", " " + local.toUpperCase() + " ")
                .build());
    assertThat(chosen.statusCode()).as(chosen.body()).isEqualTo(201);
    String id = ApiClient.json(chosen).get("session_id").asText();
    assertThat(ApiClient.json(chosen).get("engine").asText()).isEqualTo(local);
    api.post("/api/v1/sessions/" + id + "/cancel", "coach-unknown-engine");
  }

  private String upload(String file, String engine) {
    HttpResponse<String> created = api.send(multipart(COACH, file, engine).build());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return ApiClient.json(created).get("session_id").asText();
  }

  private HttpRequest.Builder multipart(String coach, String file, String engine) {
    String boundary = "----coachtrack" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (engine != null) {
      body.writeBytes(
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"engine\"\r\n\r\n"
                  + engine
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"audio\"; filename=\""
                + file
                + "\"\r\nContent-Type: audio/wav\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    try {
      body.writeBytes(Files.readAllBytes(TestApps.audio(file)));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return api.request("/api/v1/sessions", coach)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
  }

  private HttpResponse<String> retry(String id, String json) {
    return api.send(
        api.request("/api/v1/sessions/" + id + "/retry", COACH)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private JsonNode waitForFinal(String id) {
    return api.pollUntil(
        id,
        COACH,
        Duration.ofMinutes(3),
        s -> List.of("completed", "failed", "cancelled").contains(s.get("status").asText()));
  }

  private int chunksOf(String id) {
    try {
      return chunks(id).size();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Chunk> chunks(String id) throws SQLException {
    List<Chunk> chunks = new ArrayList<>();
    try (Connection connection = connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT chunk_index, start_seconds, end_seconds FROM session_chunk"
                    + " WHERE session_id = ?::uuid ORDER BY chunk_index")) {
      query.setString(1, id);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          chunks.add(new Chunk(rows.getInt(1), rows.getDouble(2), rows.getDouble(3)));
        }
      }
    }
    return chunks;
  }

  private static long notDone(String id) throws SQLException {
    try (Connection connection = connect();
        PreparedStatement query =
            connection.prepareStatement(
                "SELECT count(*) FROM session_chunk WHERE session_id = ?::uuid AND NOT done")) {
      query.setString(1, id);
      try (ResultSet rows = query.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    }
  }

  private static Connection connect() throws SQLException {
    var db = APP.getConfiguration().getDatabase();
    return DriverManager.getConnection(db.getUrl(), db.getUser(), db.getPassword());
  }

  /** The cues of an SRT ({@code ,} before milliseconds) or VTT ({@code .}) file. */
  private static List<Cue> cues(String file, char millis) {
    Pattern time =
        Pattern.compile(
            "(\\d\\d):(\\d\\d):(\\d\\d)"
                + Pattern.quote(String.valueOf(millis))
                + "(\\d{3}) --> (\\d\\d):(\\d\\d):(\\d\\d)"
                + Pattern.quote(String.valueOf(millis))
                + "(\\d{3})\\n(.+)");
    List<Cue> cues = new ArrayList<>();
    Matcher m = time.matcher(file);
    while (m.find()) {
      cues.add(
          new Cue(
              seconds(m.group(1), m.group(2), m.group(3), m.group(4)),
              seconds(m.group(5), m.group(6), m.group(7), m.group(8)),
              m.group(9).strip()));
    }
    return cues;
  }

  private static double seconds(String h, String m, String s, String ms) {
    return Integer.parseInt(h) * 3600
        + Integer.parseInt(m) * 60
        + Integer.parseInt(s)
        + Integer.parseInt(ms) / 1000.0;
  }
}
