package com.coachtrack.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.service.TestApps;
import com.coachtrack.service.TranscriptionApplication;
import com.coachtrack.service.TranscriptionConfiguration;
import com.coachtrack.service.transcripts.TranscriptFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command's client against the real application over HTTP: upload streamed from the file,
 * progress polled to the end, the transcript written beside a copy of the recording; and every way
 * it ends badly.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TranscribeClientTest {
  private static final String COACH = "coach-cli";
  private static final Pattern SESSION = Pattern.compile("Session ([0-9a-f-]{36})");
  // 1 MB: librivox.wav (773 KB) and coaching.mp3 (631 KB) fit, long-10min.mp3 (2.5 MB) does not.
  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app("auto", ConfigOverride.config("maxUploadMb", "1"));

  @TempDir Path dir;
  private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();

  private TranscribeClient client() {
    return client(URI.create("http://127.0.0.1:" + APP.getLocalPort()));
  }

  private TranscribeClient client(URI server) {
    PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    return new TranscribeClient(
        server,
        Caller.token(token()),
        new ProgressPrinter(out, false, false, 0),
        err,
        Duration.ofMillis(300));
  }

  private static String token;

  /** One token for the class: the command signs in with a personal access token. */
  private static synchronized String token() {
    if (token == null) {
      token = TestApps.tokenFor(APP, COACH);
    }
    return token;
  }

  private String out() {
    return outBytes.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return errBytes.toString(StandardCharsets.UTF_8);
  }

  private String sessionId() {
    Matcher matcher = SESSION.matcher(out());
    assertThat(matcher.find()).as(out()).isTrue();
    return matcher.group(1);
  }

  @Test
  void librivoxBecomesAnSrtBesideTheRecordingWithLiveProgress() throws IOException {
    Path input = CliTestApps.copy("librivox.wav", dir);

    int code = client().transcribe(input, "Read speech", TranscriptFormat.SRT);

    assertThat(code).as("out:%n%s%nerr:%n%s", out(), err()).isZero();
    Path srt = dir.resolve("librivox.srt");
    assertThat(srt).exists();
    assertThat(Files.readString(srt))
        .startsWith("1\n")
        .containsPattern("\\d\\d:\\d\\d:\\d\\d,\\d{3} --> \\d\\d:\\d\\d:\\d\\d,\\d{3}");
    assertThat(out())
        .contains("Uploading librivox.wav (773 KB)")
        .contains("Uploading  773 KB of 773 KB")
        .contains("100.0 %  Transcription complete!  completed")
        .contains("Transcript written to " + srt)
        .containsPattern("\\[[#-]{20}\\] +\\d+\\.\\d %  .*  (pending|processing)");
    assertThat(err()).isEmpty();

    // Following the same session again (as after Ctrl-C) never overwrites the first transcript.
    String id = sessionId();
    outBytes.reset();
    assertThat(client().follow(id, input, TranscriptFormat.SRT)).isZero();
    assertThat(dir.resolve("librivox-1.srt")).hasSameTextualContentAs(srt);
    assertThat(out()).contains("Transcript written to " + dir.resolve("librivox-1.srt"));
  }

  @Test
  void notAudioIsRefusedWithTheApisMessageAndExitCode2() throws IOException {
    Path input = CliTestApps.copy("bad/not-audio.mp3", dir);

    int code = client().transcribe(input, null, TranscriptFormat.TXT);

    assertThat(code).as(err()).isEqualTo(TranscribeClient.REJECTED);
    assertThat(err())
        .contains("The server refused not-audio.mp3 (HTTP 415): ")
        .doesNotContain("{\"error\"");
    assertThat(err().lines().findFirst().orElseThrow()).hasSizeGreaterThan(60);
    assertThat(out()).doesNotContain("Session ");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(input);
    }
  }

  @Test
  void anEngineTheServerDoesNotOfferIsRefusedWithItsChoicesAndNothingIsUploaded()
      throws IOException {
    Path input = CliTestApps.copy("librivox.wav", dir);

    int code = client().transcribe(input, null, "whisper", TranscriptFormat.TXT);

    assertThat(code).as(err()).isEqualTo(TranscribeClient.REJECTED);
    assertThat(err()).contains("(HTTP 400)").contains("'whisper'").contains(offeredEngine());
    assertThat(out()).doesNotContain("Session ");
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(input);
    }
  }

  @Test
  void theEngineAskedForTranscribesTheSession() throws Exception {
    Path input = CliTestApps.copy("librivox.wav", dir);
    String engine = offeredEngine();

    int code = client().transcribe(input, null, engine, TranscriptFormat.TXT);

    assertThat(code).as("out:%n%s%nerr:%n%s", out(), err()).isZero();
    JsonNode status = get("/api/v1/sessions/" + sessionId() + "/status");
    assertThat(status.get("engine").asText()).isEqualTo(engine);
    assertThat(status.get("status").asText()).isEqualTo("completed");
    assertThat(dir.resolve("librivox.txt")).isNotEmptyFile();
  }

  /** The first engine the server lists, as GET /api/v1/engines names it. */
  private static String offeredEngine() {
    return get("/api/v1/engines").get("engines").get(0).get("name").asText();
  }

  private static JsonNode get(String path) {
    try {
      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                      .header("Authorization", "Bearer " + token())
                      .GET()
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
      return new ObjectMapper().readTree(response.body());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void tooLargeIsRefusedBeforeTheFileIsSent() {
    Path input = CliTestApps.copy("long-10min.mp3", dir);

    int code = client().transcribe(input, null, TranscriptFormat.TXT);

    assertThat(code).as(err()).isEqualTo(TranscribeClient.REJECTED);
    assertThat(err()).contains("(HTTP 413): The file is larger than 1 MB.");
  }

  @Test
  void silenceFailsWithTheReasonAndWhatToDoOnStderr() {
    Path input = CliTestApps.copy("bad/silence-30s.wav", dir);

    int code = client().transcribe(input, null, TranscriptFormat.TXT);

    assertThat(code).as("out:%n%s%nerr:%n%s", out(), err()).isEqualTo(TranscribeClient.FAILED);
    assertThat(err())
        .contains("Transcription failed: We found no speech in this recording.")
        .contains("What to do: ");
    assertThat(dir.resolve("silence-30s.txt")).doesNotExist();
  }

  @Test
  void aSessionCancelledMeanwhileEndsWithExitCode1() throws Exception {
    Path input = CliTestApps.copy("coaching.mp3", dir);
    TranscribeClient client = client();
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(
            () -> client.transcribe(input, "To cancel", TranscriptFormat.TXT));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (client.activeSession().isEmpty() && !run.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    String id = client.activeSession().orElseThrow(() -> new AssertionError(out() + err()));

    assertThat(client.cancel(id)).as(err()).isTrue();

    assertThat(run.get(60, TimeUnit.SECONDS))
        .as("out:%n%s%nerr:%n%s", out(), err())
        .isEqualTo(TranscribeClient.FAILED);
    assertThat(err())
        .contains("Cancelled session " + id)
        .contains("The transcription was cancelled");
    assertThat(client.activeSession()).isEmpty();
    assertThat(dir.resolve("coaching.txt")).doesNotExist();
  }

  @Test
  void ctrlCWithoutAConsoleLeavesTheSessionRunningAndSaysHowToFollowIt() throws Exception {
    Path input = CliTestApps.copy("coaching.mp3", dir);
    URI base = URI.create("http://127.0.0.1:" + APP.getLocalPort());
    TranscribeOptions options =
        new TranscribeOptions(
            input,
            base,
            TranscriptFormat.SRT,
            token(),
            COACH,
            null,
            true,
            dir.resolve("data"),
            "auto",
            null);
    PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    TranscribeCommand command = new TranscribeCommand(TranscriptionApplication::new);
    CompletableFuture<Integer> run =
        CompletableFuture.supplyAsync(
            () ->
                command.execute(
                    options,
                    new ProgressPrinter(out, false, false, 0),
                    err,
                    Duration.ofMillis(300)));
    Pattern following = Pattern.compile("Session [0-9a-f-]{36} .*\\R\\[");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!following.matcher(out()).find() && !run.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    String id = sessionId();

    command.onInterrupt(null, err);

    assertThat(run.get(30, TimeUnit.SECONDS)).isEqualTo(TranscribeClient.INTERRUPTED);
    assertThat(err())
        .contains(
            "Session "
                + id
                + " keeps running on the server. Status: "
                + base
                + "/api/v1/sessions/"
                + id
                + "/status")
        .contains(
            "transcribe "
                + input
                + " --session "
                + id
                + " --format srt --server "
                + base
                + " (with COACHTRACK_TOKEN set)")
        .doesNotContain(token());
    String printed = out();
    Thread.sleep(700);
    assertThat(out()).as("nothing is drawn after Ctrl-C").isEqualTo(printed);
    // Still running on the server: it can be cancelled now.
    assertThat(client().cancel(id)).as(err()).isTrue();
  }

  @Test
  void anUnreachableServerIsAClearErrorNotAStackTrace() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path input = CliTestApps.copy("librivox.wav", dir);

    int code =
        client(URI.create("http://127.0.0.1:" + port))
            .transcribe(input, null, TranscriptFormat.TXT);

    assertThat(code).isEqualTo(TranscribeClient.UNREACHABLE);
    assertThat(err())
        .startsWith("Could not reach the CoachTrack server at http://127.0.0.1:" + port + " (")
        .contains("ConnectException")
        .contains("Is it running?")
        .doesNotContain("\tat ");
  }

  @Test
  void aMissingFileOrUnknownSessionNeverLooksLikeSuccess() {
    assertThat(client().transcribe(dir.resolve("nope.mp3"), null, TranscriptFormat.TXT))
        .isEqualTo(TranscribeClient.REJECTED);
    assertThat(err()).contains("No such file: " + dir.resolve("nope.mp3"));

    errBytes.reset();
    int code =
        client()
            .follow(
                "00000000-0000-0000-0000-000000000000", dir.resolve("x.mp3"), TranscriptFormat.TXT);
    assertThat(code).isEqualTo(TranscribeClient.FAILED);
    assertThat(err()).contains("(HTTP 404)");
  }

  @Test
  void serverUrlsAreReadLeniently() {
    assertThat(TranscribeClient.serverUri("localhost:8080/"))
        .isEqualTo(URI.create("http://localhost:8080"));
    assertThat(TranscribeClient.serverUri("https://ct.example.org/base/"))
        .isEqualTo(URI.create("https://ct.example.org/base"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TranscribeClient.serverUri("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http(s)");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TranscribeClient.serverUri(" "))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
