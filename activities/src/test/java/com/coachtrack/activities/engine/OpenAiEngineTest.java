package com.coachtrack.activities.engine;

import static com.github.tomakehurst.wiremock.client.WireMock.aMultipart;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import com.coachtrack.activities.audio.SilenceChunker;
import com.coachtrack.activities.testing.SyntheticPcm;
import com.coachtrack.workflows.activities.DecodedAudio;
import com.coachtrack.workflows.activities.Word;
import com.coachtrack.workflows.status.ErrorCode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The speech-server engine against an OpenAI-style server in the test JVM (WireMock), for every
 * answer the engine tells apart: words, segments only, whisper.cpp's shape, 401/403, 413, 429 with
 * Retry-After, 5xx, a timeout, no server at all, and an answer that is not a transcription.
 */
class OpenAiEngineTest {
  private static final String PATH = "/v1/audio/transcriptions";
  private static final double OFFSET = 120.0;

  private static final String WORDS =
      """
      {"task":"transcribe","language":"english","duration":3.0,"text":"So what brings you here?",
       "segments":[{"id":0,"start":0.0,"end":3.0,"text":" So what brings you here?","avg_logprob":-0.1}],
       "words":[{"word":"So","start":0.1,"end":0.3},{"word":"what","start":0.3,"end":0.6},
                {"word":"brings","start":0.6,"end":1.0},{"word":"you","start":1.0,"end":1.2},
                {"word":"here?","start":1.2,"end":1.7}]}
      """;

  private WireMockServer server;
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private final EngineProgress recorder =
      new EngineProgress() {
        @Override
        public void reached(double recordingSeconds) {
          progress.add("reached " + recordingSeconds);
        }

        @Override
        public void waiting(double fromSeconds, double toSeconds) {
          progress.add("waiting " + fromSeconds + "-" + toSeconds);
        }
      };

  @BeforeEach
  void start() {
    server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private OpenAiSettings settings() {
    return OpenAiSettings.at("http://127.0.0.1:" + server.port());
  }

  private List<Word> transcribe(OpenAiEngine engine, byte[] pcm) throws IOException {
    List<Word> words = new ArrayList<>();
    engine.transcribe(
        new ByteArrayInputStream(pcm), OFFSET, words::add, new StopSignal(), recorder);
    return words;
  }

  private static byte[] speech(double seconds) {
    return new SyntheticPcm().speechLike(seconds, 0.3).bytes();
  }

  @Test
  void wordsAreMovedToTheChunksPlaceAndTheFormAsksForWordAndSegmentTimes() throws IOException {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(WORDS)));
    byte[] pcm = speech(3);

    List<Word> words = transcribe(new OpenAiEngine(settings()), pcm);

    assertThat(words)
        .extracting(Word::text)
        .containsExactly("So", "what", "brings", "you", "here?");
    assertThat(words.get(0).start()).isCloseTo(120.1, within(1e-9));
    assertThat(words.get(4).end()).isCloseTo(121.7, within(1e-9));
    assertThat(words.get(2).confidence())
        .as("OpenAI gives no word confidence: the segment's exp(avg_logprob)")
        .isCloseTo(Math.exp(-0.1), within(1e-9));
    assertThat(progress).containsExactly("waiting 120.0-123.0", "reached 123.0");
    server.verify(
        postRequestedFor(urlEqualTo(PATH))
            .withHeader(
                "Content-Type",
                com.github.tomakehurst.wiremock.client.WireMock.containing("multipart/form-data"))
            .withHeader("Authorization", absent())
            .withRequestBodyPart(aMultipart("model").withBody(equalTo("whisper-1")).build())
            .withRequestBodyPart(
                aMultipart("response_format").withBody(equalTo("verbose_json")).build())
            .withRequestBodyPart(
                aMultipart("timestamp_granularities[]").withBody(equalTo("word")).build())
            .withRequestBodyPart(
                aMultipart("timestamp_granularities[]").withBody(equalTo("segment")).build()));
    byte[] wav = server.getAllServeEvents().get(0).getRequest().getPart("file").getBody().asBytes();
    ByteBuffer header = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(wav, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(new String(wav, 8, 4, StandardCharsets.US_ASCII)).isEqualTo("WAVE");
    assertThat(header.getShort(22)).as("mono").isEqualTo((short) 1);
    assertThat(header.getInt(24)).as("16 kHz").isEqualTo(16_000);
    assertThat(header.getShort(34)).as("16-bit").isEqualTo((short) 16);
    assertThat(header.getInt(40)).as("data bytes").isEqualTo(pcm.length);
    assertThat(wav).hasSize(44 + pcm.length);
  }

  @Test
  void theKeyIsSentAsABearerTokenToTheConfiguredPath() throws IOException {
    server.stubFor(post(urlEqualTo("/inference")).willReturn(okJson(WORDS)));
    OpenAiEngine engine =
        new OpenAiEngine(settings().withApiKey(" sk-test ").withPath("inference"));

    assertThat(transcribe(engine, speech(3))).hasSize(5);
    server.verify(
        postRequestedFor(urlEqualTo("/inference"))
            .withHeader("Authorization", equalTo("Bearer sk-test")));
  }

  @Test
  void segmentsWithoutWordsAreSpreadEvenlyOverTheirTime() throws IOException {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                okJson(
                    """
                    {"text":"one two three four","segments":[
                      {"start":0.0,"end":2.0,"text":" one two"},
                      {"start":2.5,"end":3.5,"text":" three four [BLANK_AUDIO]"}]}
                    """)));

    List<Word> words = transcribe(new OpenAiEngine(settings()), speech(4));

    assertThat(words).extracting(Word::text).containsExactly("one", "two", "three", "four");
    assertThat(words).extracting(Word::start).containsExactly(120.0, 121.0, 122.5, 123.0);
    assertThat(words).extracting(Word::end).containsExactly(121.0, 122.0, 123.0, 123.5);
  }

  @Test
  void whisperCppServersWordsInsideSegmentsAreTakenWithTheirProbability() throws IOException {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                okJson(
                    """
                    {"task":"transcribe","text":" Hello there.","segments":[{"id":0,"text":" Hello there.",
                      "start":0.0,"end":1.5,"words":[
                        {"word":" Hello","start":0.2,"end":0.6,"probability":0.92},
                        {"word":" there.","start":0.6,"end":1.4,"probability":0.81}]}]}
                    """)));

    List<Word> words = transcribe(new OpenAiEngine(settings()), speech(2));

    assertThat(words).extracting(Word::text).containsExactly("Hello", "there.");
    assertThat(words).extracting(Word::confidence).containsExactly(0.92, 0.81);
    assertThat(words.get(1).end()).isCloseTo(121.4, within(1e-9));
  }

  @Test
  void refusedCredentialsAreEngineAuthThatNoAutomaticRetryCanHelp() {
    for (int status : new int[] {401, 403}) {
      server.resetAll();
      server.stubFor(
          post(urlEqualTo(PATH))
              .willReturn(
                  aResponse()
                      .withStatus(status)
                      .withBody("{\"error\":{\"message\":\"Incorrect API key provided\"}}")));
      OpenAiEngine engine = new OpenAiEngine(settings().withApiKey("sk-wrong"));

      EngineException failure =
          catchThrowableOfType(EngineException.class, () -> transcribe(engine, speech(2)));

      assertThat(failure.code()).isEqualTo(ErrorCode.ENGINE_AUTH);
      assertThat(failure.retryHelps()).isFalse();
      assertThat(failure.getMessage())
          .contains(String.valueOf(status), "Incorrect API key", "ASR_API_KEY")
          .doesNotContain("sk-wrong");
      assertThat(engine.problem()).hasValueSatisfying(p -> assertThat(p).contains("ASR_API_KEY"));
    }
  }

  @Test
  void aServerThatWantsAKeyWeDoNotHaveSaysToSetOne() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(401)));

    assertThatThrownBy(() -> transcribe(new OpenAiEngine(settings()), speech(2)))
        .hasMessageContaining("set ASR_API_KEY");
  }

  @Test
  void tooLargeSplitsThePieceInTwoAtItsQuietestMomentAndMovesEachHalfsWords() throws IOException {
    // Sound, then 0.4 s of silence from 4.0 s, then sound: the cut belongs in the silence.
    byte[] pcm = new SyntheticPcm().speechLike(4.0, 0.3).silence(0.4).speechLike(5.6, 0.3).bytes();
    server.stubFor(
        post(urlEqualTo(PATH))
            .inScenario("limit")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(413).withBody("Maximum content size exceeded"))
            .willSetStateTo("halves"));
    server.stubFor(
        post(urlEqualTo(PATH))
            .inScenario("limit")
            .whenScenarioStateIs("halves")
            .willReturn(okJson("{\"words\":[{\"word\":\"first\",\"start\":0.5,\"end\":0.9}]}")));

    List<Word> words = transcribe(new OpenAiEngine(settings()), pcm);

    List<Request> requests =
        new ArrayList<>(server.getAllServeEvents().stream().map(e -> e.getRequest()).toList());
    // WireMock lists the newest first.
    java.util.Collections.reverse(requests);
    assertThat(requests).hasSize(3);
    int first = dataBytes(requests.get(1));
    int second = dataBytes(requests.get(2));
    assertThat(first + second).as("nothing lost at the cut").isEqualTo(pcm.length);
    double cut = (double) first / DecodedAudio.BYTES_PER_SECOND;
    assertThat(cut).as("inside the silence").isBetween(4.0, 4.4);
    assertThat(words).hasSize(2);
    assertThat(words.get(0).start()).isCloseTo(OFFSET + 0.5, within(1e-9));
    assertThat(words.get(1).start()).isCloseTo(OFFSET + cut + 0.5, within(1e-9));
    assertThat(progress)
        .containsExactly(
            "waiting 120.0-130.0",
            "waiting 120.0-" + (OFFSET + cut),
            "reached " + (OFFSET + cut),
            "waiting " + (OFFSET + cut) + "-130.0",
            "reached 130.0");
  }

  @Test
  void aPieceOverTheUploadLimitIsSplitBeforeItIsSent() throws IOException {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson("{\"text\":\"\"}")));
    byte[] pcm = speech(8);
    // A limit of 3 s of audio: 8 s go as four pieces of 2 s.
    long limit = WavAudio.bytesFor(3);
    OpenAiEngine engine = new OpenAiEngine(settings(), Clock.systemUTC(), limit);

    assertThat(transcribe(engine, pcm)).isEmpty();

    List<Integer> sizes =
        server.getAllServeEvents().stream().map(e -> dataBytes(e.getRequest())).toList();
    assertThat(sizes).hasSize(4).allSatisfy(size -> assertThat(44L + size).isLessThan(limit));
    assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(pcm.length);
  }

  @Test
  void theLongestChunkThePlanMakesIsFarUnderOpenAisLimit() {
    long longest = WavAudio.bytesFor(SilenceChunker.MAX_CHUNK_SECONDS);
    assertThat(longest).isLessThan(2L * 1024 * 1024);
    assertThat(longest).isLessThan(OpenAiEngine.MAX_UPLOAD_BYTES / 10);
    assertThat(WavAudio.bytesFor(45)).isBetween(1_400_000L, 1_500_000L);
  }

  @Test
  void aBusyServerIsRetryableAfterTheTimeItAskedFor() {
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")));

    EngineException failure =
        catchThrowableOfType(
            EngineException.class, () -> transcribe(new OpenAiEngine(settings()), speech(2)));

    assertThat(failure.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
    assertThat(failure.retryHelps()).isTrue();
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(7));
    assertThat(failure.getMessage()).contains("429");
  }

  @Test
  void retryAfterMayBeAnHttpDateAndIsNeverLongerThanTenMinutes() {
    Instant now = Instant.parse("2026-12-01T10:00:00Z");
    OpenAiEngine engine =
        new OpenAiEngine(
            settings(), Clock.fixed(now, ZoneOffset.UTC), OpenAiEngine.MAX_UPLOAD_BYTES);
    String in90s =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.ofInstant(now.plusSeconds(90), ZoneOffset.UTC));
    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", in90s)));
    assertThat(
            catchThrowableOfType(EngineException.class, () -> transcribe(engine, speech(1)))
                .retryAfter())
        .contains(Duration.ofSeconds(90));

    server.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "86400")));
    assertThat(
            catchThrowableOfType(EngineException.class, () -> transcribe(engine, speech(1)))
                .retryAfter())
        .contains(Duration.ofMinutes(10));

    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(502)));
    EngineException plain =
        catchThrowableOfType(EngineException.class, () -> transcribe(engine, speech(1)));
    assertThat(plain.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
    assertThat(plain.retryAfter()).as("the usual backoff").isEmpty();
  }

  @Test
  void noAnswerWithinTheTimeoutIsRetryable() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(WORDS).withFixedDelay(3_000)));
    OpenAiEngine engine = new OpenAiEngine(settings().withTimeout(Duration.ofMillis(300)));

    EngineException failure =
        catchThrowableOfType(EngineException.class, () -> transcribe(engine, speech(1)));

    assertThat(failure.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
    assertThat(failure.retryHelps()).isTrue();
    assertThat(failure.getMessage()).contains("ASR_TIMEOUT");
    assertThat(engine.problem()).as("a slow answer is not a broken server").isEmpty();
  }

  @Test
  void aServerThatIsNotThereIsRetryableAndShownAsTheEnginesProblem() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    OpenAiEngine engine = new OpenAiEngine(OpenAiSettings.at("http://127.0.0.1:" + closedPort));

    EngineException failure =
        catchThrowableOfType(EngineException.class, () -> transcribe(engine, speech(1)));

    assertThat(failure.code()).isEqualTo(ErrorCode.ENGINE_UNAVAILABLE);
    assertThat(failure.retryHelps()).isTrue();
    assertThat(engine.problem())
        .hasValueSatisfying(p -> assertThat(p).contains("cannot be reached"));
  }

  @Test
  void anAnswerThatIsNotATranscriptionIsAnEngineErrorWorthRetrying() {
    for (String body :
        List.of(
            "<html>Bad gateway</html>",
            "[]",
            "{\"status\":\"ok\"}",
            "{\"words\":[{\"word\":\"x\",\"start\":\"soon\",\"end\":1}]}",
            "{\"segments\":[{\"start\":0,\"end\":1}]}")) {
      server.resetAll();
      server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200).withBody(body)));

      EngineException failure =
          catchThrowableOfType(
              EngineException.class, () -> transcribe(new OpenAiEngine(settings()), speech(1)));

      assertThat(failure.code()).as(body).isEqualTo(ErrorCode.ENGINE_ERROR);
      assertThat(failure.retryHelps()).as(body).isTrue();
    }
  }

  @Test
  void anyOtherRefusalIsAnEngineErrorThatNamesTheSettingsToCheck() {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(404)));

    EngineException failure =
        catchThrowableOfType(
            EngineException.class, () -> transcribe(new OpenAiEngine(settings()), speech(1)));

    assertThat(failure.code()).isEqualTo(ErrorCode.ENGINE_ERROR);
    assertThat(failure.retryHelps()).isFalse();
    assertThat(failure.getMessage()).contains("404", "ASR_URL", "ASR_PATH", "ASR_MODEL");
  }

  @Test
  void aStopEndsTheRequestInFlightAtOnce() throws Exception {
    server.stubFor(post(urlEqualTo(PATH)).willReturn(okJson(WORDS).withFixedDelay(20_000)));
    OpenAiEngine engine = new OpenAiEngine(settings());
    StopSignal stop = new StopSignal();
    Thread stopper =
        new Thread(
            () -> {
              try {
                Thread.sleep(300);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              stop.raise();
            });
    long started = System.nanoTime();
    stopper.start();

    assertThatThrownBy(
            () ->
                engine.transcribe(new ByteArrayInputStream(speech(1)), 0, w -> {}, stop, recorder))
        .isInstanceOf(InterruptedIOException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    stopper.join();
  }

  @Test
  void anEmptyChunkAsksNothing() throws IOException {
    assertThat(transcribe(new OpenAiEngine(settings()), new byte[0])).isEmpty();
    assertThat(server.getAllServeEvents()).isEmpty();
  }

  @Test
  void withoutAnAddressTheEngineRefusesToStartNamingAsrUrl() {
    assertThatThrownBy(() -> new OpenAiEngine(OpenAiSettings.none()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ASR_URL");
    assertThatThrownBy(() -> new OpenAiEngine(OpenAiSettings.at("ftp://speech.example.org")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ASR_URL must start with http");
  }

  @Test
  void theEndpointJoinsBaseAndPathWithOneSlash() {
    assertThat(OpenAiSettings.at("https://api.openai.com/").endpoint())
        .hasToString("https://api.openai.com/v1/audio/transcriptions");
    assertThat(OpenAiSettings.at("http://whisper:8080").withPath("inference").endpoint())
        .hasToString("http://whisper:8080/inference");
    assertThat(
            OpenAiSettings.at("http://speaches:8000/api/")
                .withPath("/v1/audio/transcriptions")
                .endpoint())
        .hasToString("http://speaches:8000/api/v1/audio/transcriptions");
  }

  /** The PCM bytes in a request's WAV part. */
  private static int dataBytes(Request request) {
    byte[] wav = request.getPart("file").getBody().asBytes();
    return ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).getInt(40);
  }
}
