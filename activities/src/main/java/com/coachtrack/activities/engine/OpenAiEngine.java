package com.coachtrack.activities.engine;

import com.coachtrack.workflows.activities.DecodedAudio;
import com.coachtrack.workflows.activities.Word;
import com.coachtrack.workflows.status.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

/**
 * Any OpenAI-compatible speech server ({@code ENGINE=openai}): each chunk is posted as a WAV file
 * with {@code response_format=verbose_json} and word and segment timestamps, and the answer's words
 * are moved to the chunk's place in the recording ({@link TranscriptionAnswer}).
 *
 * <p>Failures are classified for the workflow ({@link EngineException}): 401 and 403 are {@code
 * engine_auth} and not retried (the same key fails again); 413 splits the piece in two at its
 * quietest moment near the middle and sends each half; 429, 5xx, timeouts and an unreachable server
 * are {@code engine_unavailable} and retried with backoff, after {@code Retry-After} when the
 * server sends one; an answer that is not a transcription is {@code engine_error}, retried; any
 * other refusal (a wrong path or model: 400, 404, 422) is {@code engine_error}, not retried.
 *
 * <p>The server says nothing until it is done, so the engine tells its caller it is waiting on a
 * stretch of audio and the caller moves the position on the engine's learned pace meanwhile (see
 * {@link EngineProgress}).
 */
public final class OpenAiEngine implements WholeChunkEngine {
  public static final String NAME = "openai";

  /** OpenAI's upload limit; other servers take at least as much. */
  public static final long MAX_UPLOAD_BYTES = 25L * 1024 * 1024;

  /**
   * A piece this short that is still too large says the server's limit is absurd, not the audio.
   */
  static final double MIN_PIECE_SECONDS = 1.0;

  /** A server asking for a longer pause than this is treated as asking for this one. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

  /** How long an auth failure or an unreachable server is shown as the engine's problem. */
  static final Duration PROBLEM_SHOWN_FOR = Duration.ofMinutes(5);

  private static final int FRAME_BYTES = DecodedAudio.SAMPLE_RATE / 50 * 2;

  private final OpenAiSettings settings;
  private final HttpClient http;
  private final Clock clock;
  private final long maxUploadBytes;
  private volatile Problem problem;

  /**
   * @throws IllegalStateException when {@code ASR_URL} is not set
   */
  public OpenAiEngine(OpenAiSettings settings) {
    this(settings, Clock.systemUTC(), MAX_UPLOAD_BYTES);
  }

  OpenAiEngine(OpenAiSettings settings, Clock clock, long maxUploadBytes) {
    if (settings.baseUrl() == null || settings.baseUrl().toString().isBlank()) {
      throw new IllegalStateException(
          "ENGINE openai needs ASR_URL, the base URL of an OpenAI-compatible speech server"
              + " (e.g. http://whisper:8080 with ASR_PATH=/inference for whisper.cpp's server, or"
              + " https://api.openai.com with ASR_API_KEY)");
    }
    String scheme = settings.baseUrl().getScheme();
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalStateException(
          "ASR_URL must start with http:// or https://, not '" + settings.baseUrl() + "'");
    }
    this.settings = settings;
    this.clock = clock;
    this.maxUploadBytes = maxUploadBytes;
    // HTTP/1.1: whisper.cpp's and other small servers answer an HTTP/2 upgrade request badly.
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void transcribe(
      InputStream pcm,
      double offsetSeconds,
      Consumer<Word> onWord,
      StopSignal stop,
      EngineProgress progress)
      throws IOException {
    byte[] audio = pcm.readAllBytes();
    int length = audio.length - audio.length % 2;
    if (length == 0) {
      return;
    }
    transcribePiece(audio, 0, length, offsetSeconds, onWord, stop, progress);
  }

  /**
   * One request for {@code length} bytes of PCM from {@code from}; the piece is split first when
   * its WAV would exceed the upload limit, and after a 413.
   */
  private void transcribePiece(
      byte[] audio,
      int from,
      int length,
      double offsetSeconds,
      Consumer<Word> onWord,
      StopSignal stop,
      EngineProgress progress)
      throws IOException {
    double start = offsetSeconds + seconds(from);
    double end = offsetSeconds + seconds(from + length);
    if (WavAudio.HEADER_BYTES + (long) length > maxUploadBytes) {
      split(audio, from, length, offsetSeconds, onWord, stop, progress);
      return;
    }
    if (stop.isRaised()) {
      throw new InterruptedIOException("Stopped before asking the speech server");
    }
    progress.waiting(start, end);
    HttpResponse<String> response = post(WavAudio.of(audio, from, length), stop);
    int status = response.statusCode();
    if (status == 413) {
      if (seconds(length) < 2 * MIN_PIECE_SECONDS) {
        throw EngineException.permanent(
            "The speech server at "
                + settings.endpoint()
                + " refused even "
                + Math.round(seconds(length) * 10) / 10.0
                + " s of audio as too large (413)",
            ErrorCode.ENGINE_ERROR);
      }
      split(audio, from, length, offsetSeconds, onWord, stop, progress);
      return;
    }
    check(response);
    List<Word> words = TranscriptionAnswer.words(response.body(), seconds(length), start);
    problem = null;
    words.forEach(onWord);
    progress.reached(end);
  }

  /** Two requests, cut at the quietest 20 ms in the middle third so no word is cut in two. */
  private void split(
      byte[] audio,
      int from,
      int length,
      double offsetSeconds,
      Consumer<Word> onWord,
      StopSignal stop,
      EngineProgress progress)
      throws IOException {
    int cut = quietestCut(audio, from, length);
    transcribePiece(audio, from, cut - from, offsetSeconds, onWord, stop, progress);
    transcribePiece(audio, cut, from + length - cut, offsetSeconds, onWord, stop, progress);
  }

  /** A byte offset on a sample boundary, strictly inside the piece. */
  static int quietestCut(byte[] audio, int from, int length) {
    int lo = from + align(length / 3);
    int hi = from + align(2 * length / 3);
    int best = from + align(length / 2);
    double quietest = Double.MAX_VALUE;
    for (int frame = lo; frame + FRAME_BYTES <= hi; frame += FRAME_BYTES) {
      double energy = 0;
      for (int i = frame; i + 1 < frame + FRAME_BYTES; i += 2) {
        int sample = (short) ((audio[i] & 0xFF) | (audio[i + 1] << 8));
        energy += (double) sample * sample;
      }
      if (energy < quietest) {
        quietest = energy;
        best = frame + FRAME_BYTES / 2 - (FRAME_BYTES / 2) % 2;
      }
    }
    return best;
  }

  private HttpResponse<String> post(byte[] wav, StopSignal stop) throws IOException {
    String boundary = "coachtrack-" + UUID.randomUUID();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(settings.endpoint())
            .timeout(settings.timeout())
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, wav)));
    if (settings.hasApiKey()) {
      request.header("Authorization", "Bearer " + settings.apiKey().strip());
    }
    CompletableFuture<HttpResponse<String>> answer =
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    try (StopRegistration cancelOnStop = stop.onStop(() -> answer.cancel(true))) {
      return answer.get();
    } catch (CancellationException e) {
      throw new InterruptedIOException("Stopped while the speech server was transcribing");
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while the speech server was transcribing");
    } catch (ExecutionException e) {
      if (stop.isRaised()) {
        // The client may report our own cancellation as a failed exchange.
        throw new InterruptedIOException("Stopped while the speech server was transcribing");
      }
      throw unreachable(e.getCause());
    }
  }

  /** What the form carries: the audio and the fields every OpenAI-style server reads. */
  private byte[] multipart(String boundary, byte[] wav) {
    ByteArrayOutputStream body = new ByteArrayOutputStream(wav.length + 1024);
    field(body, boundary, "model", settings.model());
    field(body, boundary, "response_format", "verbose_json");
    field(body, boundary, "timestamp_granularities[]", "word");
    field(body, boundary, "timestamp_granularities[]", "segment");
    write(
        body,
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"chunk.wav\""
            + "\r\nContent-Type: audio/wav\r\n\r\n");
    body.writeBytes(wav);
    write(body, "\r\n--" + boundary + "--\r\n");
    return body.toByteArray();
  }

  private static void field(
      ByteArrayOutputStream body, String boundary, String name, String value) {
    write(
        body,
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"\r\n\r\n"
            + value
            + "\r\n");
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A 2xx passes; anything else becomes the failure class the workflow acts on. */
  private void check(HttpResponse<String> response) throws EngineException {
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    String said = "answered " + status + snippet(response.body());
    if (status == 401 || status == 403) {
      String message =
          "The speech server at "
              + settings.endpoint()
              + " refused our credentials: it "
              + said
              + (settings.hasApiKey()
                  ? ". Check ASR_API_KEY"
                  : ". It needs a key: set ASR_API_KEY");
      problem = new Problem(message, clock.instant());
      throw EngineException.permanent(message, ErrorCode.ENGINE_AUTH);
    }
    if (status == 429 || status == 408 || status >= 500) {
      throw EngineException.retryable(
          "The speech server at " + settings.endpoint() + " is busy: it " + said,
          ErrorCode.ENGINE_UNAVAILABLE,
          retryAfter(response).orElse(null),
          null);
    }
    throw EngineException.permanent(
        "The speech server at "
            + settings.endpoint()
            + " refused the request: it "
            + said
            + ". Check ASR_URL, ASR_PATH and ASR_MODEL",
        ErrorCode.ENGINE_ERROR);
  }

  private EngineException unreachable(Throwable cause) {
    String why =
        cause instanceof HttpTimeoutException
            ? "gave no answer within " + settings.timeout().toSeconds() + " s (ASR_TIMEOUT)"
            : cause instanceof ConnectException
                ? "cannot be reached (" + cause + ")"
                : "broke off the exchange (" + cause + ")";
    String message = "The speech server at " + settings.endpoint() + " " + why;
    if (!(cause instanceof HttpTimeoutException)) {
      problem = new Problem(message, clock.instant());
    }
    return EngineException.retryable(message, ErrorCode.ENGINE_UNAVAILABLE, null, cause);
  }

  /** {@code Retry-After} in seconds or as an HTTP date, at most {@link #MAX_RETRY_AFTER}. */
  Optional<Duration> retryAfter(HttpResponse<?> response) {
    Optional<String> header = response.headers().firstValue("Retry-After");
    if (header.isEmpty()) {
      return Optional.empty();
    }
    String value = header.get().strip();
    Duration wait;
    try {
      wait = Duration.ofSeconds(Long.parseLong(value));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        wait = Duration.between(clock.instant(), at);
      } catch (DateTimeParseException notADate) {
        return Optional.empty();
      }
    }
    if (wait.isNegative()) {
      wait = Duration.ZERO;
    }
    return Optional.of(wait.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : wait);
  }

  /**
   * What keeps this engine from working lately (refused credentials, an unreachable server), for
   * the engines list and the health check; gone after a success or {@link #PROBLEM_SHOWN_FOR}.
   */
  @Override
  public Optional<String> problem() {
    Problem last = problem;
    if (last == null || last.at().plus(PROBLEM_SHOWN_FOR).isBefore(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(last.message());
  }

  /** The start of the server's own explanation, which says more than the status. */
  private static String snippet(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String oneLine = body.strip().replaceAll("\\s+", " ");
    return " (" + (oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine) + ")";
  }

  private static int align(int bytes) {
    return bytes - bytes % 2;
  }

  private static double seconds(int bytes) {
    return (double) bytes / DecodedAudio.BYTES_PER_SECOND;
  }

  private record Problem(String message, Instant at) {}
}
