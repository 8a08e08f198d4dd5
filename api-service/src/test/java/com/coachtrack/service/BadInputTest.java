package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of bad input gets a 4xx JSON body that says what was wrong and what to do, and leaves
 * no session row, no file and no workflow behind.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class BadInputTest {
  private static final String COACH = "coach-bad-input";
  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app("auto", ConfigOverride.config("maxUploadMb", "1"));
  private static ApiClient api;
  private static WorkflowServiceStubs temporal;

  private long sessionsBefore;
  private long workflowsBefore;

  @BeforeAll
  static void connect() {
    api = new ApiClient(APP.getLocalPort());
    temporal =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(APP.getConfiguration().getTemporal().getAddress())
                .build());
  }

  @AfterAll
  static void disconnect() {
    temporal.shutdownNow();
  }

  @BeforeEach
  void countWhatExists() {
    sessionsBefore = sessionRows();
    workflowsBefore = workflows();
  }

  private void assertRefused(
      HttpResponse<String> response, int status, String code, String... messageParts) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode body = ApiClient.json(response);
    assertThat(body.get("error").asText()).isEqualTo(code);
    assertThat(body.get("message").asText()).isNotBlank().doesNotContain("Exception", "\tat ");
    for (String part : messageParts) {
      assertThat(body.get("message").asText()).contains(part);
    }
    assertNothingLeftBehind();
  }

  private void assertNothingLeftBehind() {
    assertThat(sessionRows()).as("session rows").isEqualTo(sessionsBefore);
    assertThat(workflows()).as("workflows").isEqualTo(workflowsBefore);
    assertThat(filesUnder("incoming")).as("partial uploads").isZero();
  }

  @Test
  void emptyFile() {
    assertRefused(
        api.upload(COACH, TestApps.audio("bad/empty.mp3"), "empty.mp3", null),
        400,
        "empty_file",
        "empty");
  }

  @Test
  void textBehindAnAudioName() {
    assertRefused(
        api.upload(COACH, TestApps.audio("bad/not-audio.mp3"), "not-audio.mp3", null),
        415,
        "unsupported_audio",
        "MP3");
  }

  @Test
  void anImageBehindAnAudioName() {
    byte[] png =
        java.util.Base64.getDecoder()
            .decode(
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    assertRefused(api.uploadBytes(COACH, png, "photo.m4a", null), 415, "unsupported_audio");
  }

  @Test
  void aTruncatedContainer() {
    assertRefused(
        api.upload(COACH, TestApps.audio("bad/truncated.m4a"), "truncated.m4a", null),
        422,
        "corrupt_audio",
        "again");
  }

  @Test
  void aFewBytes() {
    HttpResponse<String> response =
        api.uploadBytes(COACH, new byte[] {'I', 'D', '3', 4, 0}, "tiny.mp3", null);
    assertThat(response.statusCode()).isIn(415, 422);
    assertNothingLeftBehind();
  }

  @Test
  void missingAudioField() {
    assertRefused(
        api.uploadBytes(COACH, null, null, "Only a title"), 400, "missing_audio", "'audio'");
  }

  @Test
  void emptyBody() {
    HttpResponse<String> response =
        api.send(
            api.request("/api/v1/sessions", COACH)
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    assertRefused(response, 400, "missing_audio");
  }

  @Test
  void notMultipart() {
    HttpResponse<String> response =
        api.send(
            api.request("/api/v1/sessions", COACH)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"audio\": \"x\"}"))
                .build());
    assertRefused(response, 415, "not_multipart", "multipart/form-data");
  }

  @Test
  void oversizeIsRefusedWith413() {
    assertRefused(
        api.upload(COACH, TestApps.audio("long-10min.mp3"), "long.mp3", null),
        413,
        "file_too_large",
        "1 MB");
  }

  @Test
  void noCredential() {
    assertRefused(
        api.upload(null, TestApps.audio("librivox.wav"), "librivox.wav", null),
        401,
        "unauthenticated",
        "Sign in");
  }

  /**
   * A refusal sent before the body was read reaches the client, also while it is still sending (a
   * coach on a slow uplink whose sign-in expired), and the connection it came back on carries the
   * next upload.
   */
  @Test
  void refusalsBeforeTheBodyWasReadReachAClientStillSending() throws IOException {
    byte[] audio = Files.readAllBytes(TestApps.audio("librivox.wav"));
    for (int i = 0; i < 10; i++) {
      HttpRequest slowUpload =
          api.request("/api/v1/sessions", null)
              .header("Content-Type", "multipart/form-data; boundary=x")
              .POST(
                  HttpRequest.BodyPublishers.fromPublisher(
                      HttpRequest.BodyPublishers.ofInputStream(() -> trickle(audio)), audio.length))
              .build();
      assertRefused(api.send(slowUpload), 401, "unauthenticated", "Sign in");
      assertRefused(
          // a coach each time: the per-coach upload rate would answer 429 instead
          api.upload(COACH + "-" + i, TestApps.audio("long-10min.mp3"), "long.mp3", null),
          413,
          "file_too_large");
      // at once, on the connection the refusal came back on
      assertRefused(
          api.upload(null, TestApps.audio("librivox.wav"), "librivox.wav", null),
          401,
          "unauthenticated");
    }
  }

  /**
   * The race CI met twice, made certain: the body reaches the server only after its refusal was
   * answered. The connection must still carry the next request (Jetty closes one whose body was not
   * read, after an answer that promised keep-alive, unless the body is read and dropped).
   */
  @Test
  void aConnectionWhoseRefusedBodyArrivesLateCarriesTheNextRequest() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", APP.getLocalPort())) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      String body = "{\"name\":\"x\"}";
      out.write(
          ("POST /api/v1/tokens HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                  + "Content-Length: "
                  + body.length()
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readAnswer(in)).startsWith("HTTP/1.1 401");
      out.write(body.getBytes(StandardCharsets.US_ASCII));
      out.write(
          "GET /api/v1/me HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      assertThat(readAnswer(in))
          .as("the next answer on the same connection")
          .startsWith("HTTP/1.1 401");
    }
  }

  /** One HTTP/1.1 answer with a Content-Length: its head and body; empty if the server closed. */
  private static String readAnswer(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return head.toString();
      }
      head.append((char) b);
    }
    Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
    int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
    return head + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8);
  }

  /** The bytes, 16 KB every 10 ms: about 1.6 MB/s, as a modest uplink sends them. */
  private static InputStream trickle(byte[] bytes) {
    return new FilterInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
        return super.read(buffer, offset, Math.min(length, 16 * 1024));
      }
    };
  }

  @Test
  void unknownSessionIs404() {
    assertRefused(
        api.get("/api/v1/sessions/1b4e28ba-2fa1-11d2-883f-0016d3cca427/status", COACH),
        404,
        "session_not_found");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1;DROP%20TABLE%20transcription_session",
        "'%20OR%20'1'='1",
        "..%2F..%2Fetc%2Fpasswd",
        "not-a-uuid",
        "1B4E28BA2FA111D2883F0016D3CCA427"
      })
  void idsThatAreNotIdsAreRefused(String id) {
    HttpResponse<String> response = api.get("/api/v1/sessions/" + id + "/status", COACH);
    assertThat(response.statusCode()).as(response.body()).isIn(400, 404);
    assertThat(ApiClient.json(response).get("message").asText()).isNotBlank();
    assertNothingLeftBehind();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/sessions?limit=abc",
        "/api/v1/sessions?limit=0",
        "/api/v1/sessions?status=done",
        "/api/v1/sessions?cursor=garbage",
        "/api/v1/sessions/status?ids=,",
        "/api/v1/sessions/status"
      })
  void badQueryParametersAre400WithAMessage(String path) {
    HttpResponse<String> response = api.get(path, COACH);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(ApiClient.json(response).get("message").asText()).isNotBlank();
    assertNothingLeftBehind();
  }

  @Test
  void aRunawayPollerIsSlowedDownWith429() {
    int limited = 0;
    HttpResponse<String> last = null;
    for (int i = 0; i < 200 && limited == 0; i++) {
      last = api.get("/api/v1/sessions?limit=1", "coach-hammering");
      if (last.statusCode() == 429) {
        limited++;
      }
    }
    assertThat(limited).as("a 429 within 200 back-to-back requests").isEqualTo(1);
    assertThat(last.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(ApiClient.json(last).get("error").asText()).isEqualTo("too_many_requests");
    assertThat(api.get("/api/v1/sessions?limit=1", COACH).statusCode())
        .as("other coaches unaffected")
        .isEqualTo(200);
  }

  @Test
  void unknownRoutesAnswerJsonToo() {
    HttpResponse<String> response = api.get("/api/v1/nothing-here", COACH);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(ApiClient.json(response).get("error").asText()).isEqualTo("not_found");
  }

  @Nested
  class AcceptedButHandled {
    @Test
    void aHeaderThatLiesAboutTheLengthGetsTheRealDuration() throws IOException {
      byte[] liar = wavClaimingTenHours(Files.readAllBytes(TestApps.audio("librivox.wav")), 2.0);
      HttpResponse<String> response = api.uploadBytes(COACH, liar, "liar.wav", null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      assertThat(ApiClient.json(response).get("duration_total").asDouble()).isBetween(1.5, 2.5);
    }

    @Test
    void aFileNameWithPathPartsIsOnlyALabel() {
      HttpResponse<String> response =
          api.upload(COACH, TestApps.audio("librivox.wav"), "../../../../tmp/evil.wav", null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      JsonNode body = ApiClient.json(response);
      assertThat(body.get("original_filename").asText()).isEqualTo("evil.wav");
      assertThat(body.get("title").asText()).isEqualTo("evil");
      String id = body.get("session_id").asText();
      assertThat(dataDir().resolve("sessions").resolve(id).resolve("upload")).exists();
      assertThat(Paths.get("/tmp/evil.wav")).doesNotExist();
    }

    @Test
    void silenceOnlyEndsQuicklySayingNoSpeechWasFound() {
      HttpResponse<String> response =
          api.upload(COACH, TestApps.audio("bad/silence-30s.wav"), "silence.wav", null);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      String id = ApiClient.json(response).get("session_id").asText();
      JsonNode status =
          api.pollUntil(
              id, COACH, Duration.ofSeconds(60), s -> s.get("status").asText().equals("failed"));
      JsonNode error = status.get("error");
      assertThat(error.get("code").asText()).isEqualTo("no_speech");
      assertThat(error.get("retryable").asBoolean()).isFalse();
      assertThat(status.get("message").asText()).contains("no speech");
      assertThat(error.get("next_steps").asText()).isNotBlank();
      assertThat(error.get("help_url").asText()).startsWith("/help/troubleshooting#");
      assertThat(status.get("can_retry").asBoolean()).isFalse();
      HttpResponse<String> retry = api.post("/api/v1/sessions/" + id + "/retry", COACH);
      assertThat(retry.statusCode()).isEqualTo(409);
      assertThat(ApiClient.json(retry).get("message").asText()).contains("Upload a new file");
    }

    @Test
    void anotherCoachsSessionLooksLikeNoSession() {
      HttpResponse<String> response =
          api.upload(COACH, TestApps.audio("librivox.wav"), "mine.wav", null);
      String id = ApiClient.json(response).get("session_id").asText();
      HttpResponse<String> other = api.get("/api/v1/sessions/" + id + "/status", "someone-else");
      assertThat(other.statusCode()).isEqualTo(404);
      assertThat(ApiClient.json(other).get("error").asText()).isEqualTo("session_not_found");
      HttpResponse<String> transcript = api.get("/api/v1/sessions/" + id + "/transcript", COACH);
      assertThat(transcript.statusCode()).isIn(200, 409);
      if (transcript.statusCode() == 409) {
        assertThat(ApiClient.json(transcript).get("error").asText())
            .isEqualTo("transcript_not_ready");
      }
      assertThat(api.get("/api/v1/sessions/" + id + "/transcript?format=pdf", COACH).statusCode())
          .isEqualTo(400);
    }
  }

  /**
   * A real WAV whose RIFF and data sizes claim ten hours while holding {@code seconds} of audio.
   */
  private static byte[] wavClaimingTenHours(byte[] wav, double seconds) {
    int dataBytes = (int) (16_000 * 2 * seconds);
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    long claimed = 16_000L * 2 * 36_000;
    header
        .put("RIFF".getBytes())
        .putInt((int) Math.min(claimed + 36, Integer.MAX_VALUE))
        .put("WAVE".getBytes());
    header
        .put("fmt ".getBytes())
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1)
        .putInt(16_000)
        .putInt(32_000)
        .putShort((short) 2)
        .putShort((short) 16);
    header.put("data".getBytes()).putInt((int) Math.min(claimed, Integer.MAX_VALUE));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(header.array());
    out.write(wav, 44, dataBytes);
    return out.toByteArray();
  }

  private static Path dataDir() {
    return Paths.get(APP.getConfiguration().getDataDir());
  }

  private static long filesUnder(String dir) {
    Path path = dataDir().resolve(dir);
    if (!Files.exists(path)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(path)) {
      return files.count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long sessionRows() {
    var db = APP.getConfiguration().getDatabase();
    try (Connection connection =
            DriverManager.getConnection(db.getUrl(), db.getUser(), db.getPassword());
        ResultSet rows =
            connection
                .createStatement()
                .executeQuery("SELECT count(*) FROM transcription_session")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long workflows() {
    String namespace = APP.getConfiguration().getTemporal().getNamespace();
    long open =
        temporal
            .blockingStub()
            .listOpenWorkflowExecutions(
                ListOpenWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).build())
            .getExecutionsCount();
    long closed =
        temporal
            .blockingStub()
            .listClosedWorkflowExecutions(
                ListClosedWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).build())
            .getExecutionsCount();
    return open + closed;
  }
}
