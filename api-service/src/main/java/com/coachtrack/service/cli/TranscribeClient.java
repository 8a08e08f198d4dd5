package com.coachtrack.service.cli;

import com.coachtrack.service.access.CoachIdentity;
import com.coachtrack.service.transcripts.TranscriptFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Upload, follow, download: the whole command-line conversation with one CoachTrack server over
 * HTTP. It prints to the streams it is given and answers an exit code; it never exits the JVM, so
 * tests drive it against the real application.
 */
public final class TranscribeClient {
  /** The transcript was written. */
  public static final int OK = 0;

  /**
   * The transcription failed or was cancelled, or the transcript could not be fetched or written.
   */
  public static final int FAILED = 1;

  /** The input was refused (a 4xx at upload, a missing file, a directory we cannot write to). */
  public static final int REJECTED = 2;

  /** The server could not be reached. */
  public static final int UNREACHABLE = 3;

  /** Stopped with Ctrl-C (128 + SIGINT, as shells report it). */
  public static final int INTERRUPTED = 130;

  /**
   * How often a person watching a terminal wants to see the bar move; the server's hint is used
   * when sooner.
   */
  public static final Duration DEFAULT_MAX_POLL = Duration.ofSeconds(2);

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
  private static final long MIN_POLL_MS = 100;

  /** Upload progress: redrawn 5 times a second on a terminal, a line every 5 s in a log. */
  private static final long UPLOAD_REDRAW_NANOS = 200_000_000L;

  private static final long UPLOAD_LOG_NANOS = 5_000_000_000L;

  /**
   * Consecutive failed polls (server restarting, network gone) tolerated before giving up: a few
   * minutes.
   */
  private static final int MAX_POLL_FAILURES = 30;

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http;
  private final URI server;
  private final String coach;
  private final ProgressPrinter progress;
  private final PrintStream err;
  private final Duration maxPoll;
  private final Object wake = new Object();
  private volatile boolean interrupted;
  private volatile String sessionId;
  private volatile boolean finished;

  /** Why the last {@link #poll} stopped early: {@link #UNREACHABLE} or {@link #FAILED}. */
  private int lastPollFailure = FAILED;

  /**
   * @param server the base URL, e.g. {@code http://localhost:8080} (see {@link #serverUri(String)})
   * @param coach sent as {@code X-Coach-Id} on every request
   * @param maxPoll the longest wait between two status polls
   */
  public TranscribeClient(
      URI server, String coach, ProgressPrinter progress, PrintStream err, Duration maxPoll) {
    this.server = server;
    this.coach = coach;
    this.progress = progress;
    this.err = err;
    this.maxPoll = maxPoll;
    this.http =
        HttpClient.newBuilder()
            // HTTP/1.1: no h2c upgrade attempt on a request with a body.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  /**
   * Reads {@code --server}: a scheme-less {@code host:port} means http; a trailing slash or path is
   * kept as the base the API lives under.
   */
  public static URI serverUri(String text) {
    String trimmed = text == null ? "" : text.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException("--server needs a URL such as http://localhost:8080");
    }
    if (!trimmed.contains("://")) {
      trimmed = "http://" + trimmed;
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    try {
      URI uri = new URI(trimmed);
      String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
        throw new IllegalArgumentException(
            "--server must be an http(s) URL such as http://localhost:8080, not " + text);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--server is not a valid URL: " + text, e);
    }
  }

  /**
   * Uploads {@code input}, follows the session to its end and writes the transcript beside the
   * input.
   */
  public int transcribe(Path input, String title, TranscriptFormat format) {
    Optional<String> problem = checkInput(input);
    if (problem.isPresent()) {
      err.println(problem.get());
      return REJECTED;
    }
    long size;
    try {
      size = Files.size(input);
    } catch (IOException e) {
      err.println("Cannot read " + input + ": " + describe(e));
      return REJECTED;
    }
    progress.message(
        "Uploading "
            + input.getFileName()
            + " ("
            + ProgressLine.size(size)
            + ") to "
            + server
            + " as coach "
            + coach);
    HttpResponse<String> response;
    AtomicLong sent = new AtomicLong();
    try {
      response = upload(input, title, sent);
    } catch (IOException e) {
      progress.endLine();
      if (sent.get() == 0) {
        err.println(unreachable(e));
      } else {
        err.println(
            "The upload was cut off after "
                + ProgressLine.size(sent.get())
                + " of "
                + ProgressLine.size(size)
                + " ("
                + describe(e)
                + ").");
        err.println(
            "The server may refuse files this large, or it restarted; try again, or try a compressed "
                + "format such as MP3 or M4A.");
      }
      return UNREACHABLE;
    }
    progress.endLine();
    int code = response.statusCode();
    if (code == 201) {
      JsonNode body = parse(response.body());
      String id = body == null ? null : body.path("session_id").asText(null);
      if (id == null) {
        err.println(
            "The server accepted the upload but its answer has no session id: " + response.body());
        return FAILED;
      }
      if (interrupted) {
        err.println(
            "Session "
                + id
                + " was created as you pressed Ctrl-C; it keeps running: "
                + statusUri(id));
        return INTERRUPTED;
      }
      progress.message("Session " + id + "  status: " + statusUri(id));
      return follow(id, input, format);
    }
    if (interrupted) {
      return INTERRUPTED;
    }
    if (code >= 400 && code < 500) {
      err.println(
          "The server refused "
              + input.getFileName()
              + " (HTTP "
              + code
              + "): "
              + apiMessage(response));
      return REJECTED;
    }
    err.println(
        "The server could not take the upload (HTTP " + code + "): " + apiMessage(response));
    return FAILED;
  }

  /**
   * Follows an existing session (one started earlier and left running with Ctrl-C) and, once
   * completed, writes its transcript beside {@code input}.
   */
  public int follow(String id, Path input, TranscriptFormat format) {
    Optional<String> problem = checkOutputDir(input);
    if (problem.isPresent()) {
      err.println(problem.get());
      return REJECTED;
    }
    sessionId = id;
    StatusUpdate last = poll(id);
    if (last == null) {
      return interrupted ? INTERRUPTED : lastPollFailure;
    }
    finished = true;
    progress.endLine();
    return switch (last.status()) {
      case StatusUpdate.COMPLETED -> download(id, input, format);
      case StatusUpdate.FAILED -> {
        err.println(
            "Transcription failed: "
                + firstNonBlank(last.errorMessage(), last.message(), "no reason given"));
        if (last.nextSteps() != null && !last.nextSteps().isBlank()) {
          err.println("What to do: " + last.nextSteps());
        }
        err.println("Session " + id + "  status: " + statusUri(id));
        yield FAILED;
      }
      default -> {
        err.println(
            "The transcription was cancelled: " + firstNonBlank(last.message(), "cancelled"));
        yield FAILED;
      }
    };
  }

  /** The session being followed, while it is not finished: what a Ctrl-C may offer to cancel. */
  public Optional<String> activeSession() {
    return finished ? Optional.empty() : Optional.ofNullable(sessionId);
  }

  /** The status URL of a session on this server, for people and for curl. */
  public URI statusUri(String id) {
    return URI.create(server + "/api/v1/sessions/" + id + "/status");
  }

  /** Stops following (Ctrl-C): mutes progress output and wakes the poll loop, which then ends. */
  public void interrupt() {
    interrupted = true;
    progress.mute();
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  /** Asks the server to cancel the session; prints the outcome to the error stream. */
  public boolean cancel(String id) {
    try {
      HttpResponse<String> response =
          send(
              request("/api/v1/sessions/" + id + "/cancel")
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build());
      if (response.statusCode() == 202 || response.statusCode() == 200) {
        err.println("Cancelled session " + id + " on the server.");
        return true;
      }
      err.println(
          "The server did not cancel session "
              + id
              + " (HTTP "
              + response.statusCode()
              + "): "
              + apiMessage(response));
      return false;
    } catch (IOException e) {
      err.println("Could not cancel session " + id + ": " + describe(e));
      return false;
    }
  }

  /** Polls until the session is final; null when it had to stop first (reason already printed). */
  private StatusUpdate poll(String id) {
    int failures = 0;
    int attempt = 0;
    boolean stalledShown = false;
    boolean slowShown = false;
    while (!interrupted) {
      HttpResponse<String> response;
      try {
        response = send(request("/api/v1/sessions/" + id + "/status").GET().build());
      } catch (IOException e) {
        failures++;
        if (!keepTrying(id, failures, describe(e))) {
          lastPollFailure = UNREACHABLE;
          return null;
        }
        pause(backoff(failures));
        continue;
      }
      int code = response.statusCode();
      if (code == 429) {
        pause(retryAfter(response));
        continue;
      }
      if (code >= 500) {
        failures++;
        if (!keepTrying(id, failures, "HTTP " + code + ": " + apiMessage(response))) {
          lastPollFailure = FAILED;
          return null;
        }
        pause(backoff(failures));
        continue;
      }
      if (code != 200) {
        progress.endLine();
        err.println(
            "Could not read the status of session "
                + id
                + " (HTTP "
                + code
                + "): "
                + apiMessage(response));
        lastPollFailure = FAILED;
        return null;
      }
      if (failures > 0) {
        progress.message("Back in contact with the server.");
        failures = 0;
      }
      JsonNode body = parse(response.body());
      if (body == null) {
        err.println("The server's status answer is not JSON: " + response.body());
        lastPollFailure = FAILED;
        return null;
      }
      StatusUpdate update = StatusUpdate.from(body);
      if (attempt != 0 && update.attempt() > attempt) {
        progress.message(
            "Retrying automatically (attempt " + update.attempt() + "); finished parts are kept.");
      }
      attempt = update.attempt();
      if (update.stalled() && !stalledShown) {
        progress.message("Stalled: " + firstNonBlank(update.message(), "no progress for a while."));
      }
      stalledShown = update.stalled();
      if (update.isSlow() && !slowShown) {
        progress.message(
            "Slower than usual for this engine; the time left already accounts for it.");
      }
      slowShown = update.isSlow();
      progress.update(ProgressLine.render(update, progress.unicode(), progress.lineWidth()));
      if (update.isFinal()) {
        return update;
      }
      pause(interval(update));
    }
    return null;
  }

  private boolean keepTrying(String id, int failures, String reason) {
    if (failures == 1) {
      progress.message("Lost contact with the server (" + reason + "); retrying.");
    }
    if (failures < MAX_POLL_FAILURES) {
      return true;
    }
    progress.endLine();
    err.println("Gave up after " + failures + " failed status requests (" + reason + ").");
    err.println("Session " + id + " may still be running: " + statusUri(id));
    return false;
  }

  private int download(String id, Path input, TranscriptFormat format) {
    HttpResponse<InputStream> response;
    try {
      response =
          http.send(
              request("/api/v1/sessions/" + id + "/transcript?format=" + format.extension())
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      err.println("Could not download the transcript: " + describe(e));
      err.println(
          "It is on the server: "
              + server
              + "/api/v1/sessions/"
              + id
              + "/transcript?format="
              + format.extension());
      return FAILED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return INTERRUPTED;
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        err.println(
            "Could not download the transcript (HTTP "
                + response.statusCode()
                + "): "
                + apiMessage(text));
        return FAILED;
      }
      Path written = OutputFiles.writeBeside(input, format.extension(), body);
      progress.message("Transcript written to " + written);
      return OK;
    } catch (IOException e) {
      err.println("Could not write the transcript beside " + input + ": " + describe(e));
      err.println(
          "It is on the server: "
              + server
              + "/api/v1/sessions/"
              + id
              + "/transcript?format="
              + format.extension());
      return FAILED;
    }
  }

  private HttpResponse<String> upload(Path input, String title, AtomicLong sentSoFar)
      throws IOException {
    String boundary = "----coachtrack-cli-" + UUID.randomUUID();
    StringBuilder head = new StringBuilder();
    if (title != null && !title.isBlank()) {
      head.append("--")
          .append(boundary)
          .append("\r\n")
          .append("Content-Disposition: form-data; name=\"title\"\r\n\r\n")
          .append(title)
          .append("\r\n");
    }
    head.append("--")
        .append(boundary)
        .append("\r\n")
        .append("Content-Disposition: form-data; name=\"audio\"; filename=\"")
        .append(headerSafe(input.getFileName().toString()))
        .append("\"\r\n")
        .append("Content-Type: ")
        .append(contentType(input))
        .append("\r\n\r\n");
    String tail = "\r\n--" + boundary + "--\r\n";
    HttpRequest.BodyPublisher streamed =
        HttpRequest.BodyPublishers.concat(
            HttpRequest.BodyPublishers.ofString(head.toString(), StandardCharsets.UTF_8),
            HttpRequest.BodyPublishers.ofFile(input),
            HttpRequest.BodyPublishers.ofString(tail, StandardCharsets.UTF_8));
    long total = streamed.contentLength();
    long every = progress.redraws() ? UPLOAD_REDRAW_NANOS : UPLOAD_LOG_NANOS;
    AtomicLong lastDraw = new AtomicLong(System.nanoTime());
    HttpRequest.BodyPublisher counted =
        new CountingBodyPublisher(
            streamed,
            sent -> {
              sentSoFar.set(sent);
              long now = System.nanoTime();
              long previous = lastDraw.get();
              if (sent >= total
                  || now - previous >= every && lastDraw.compareAndSet(previous, now)) {
                progress.update(
                    ProgressLine.upload(sent, total, progress.unicode(), progress.lineWidth()));
              }
            });
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server + "/api/v1/sessions"))
            .header(CoachIdentity.HEADER, coach)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .header("Accept", "application/json")
            .POST(counted)
            .build();
    return send(request);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(server + path))
        .timeout(REQUEST_TIMEOUT)
        .header(CoachIdentity.HEADER, coach);
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /**
   * Why {@code input} cannot be transcribed (missing, not a file, unreadable, nowhere to write), if
   * so.
   */
  public static Optional<String> checkInput(Path input) {
    if (!Files.exists(input)) {
      return Optional.of("No such file: " + input);
    }
    if (!Files.isRegularFile(input)) {
      return Optional.of("Not a file: " + input + " (give the path of one recording)");
    }
    if (!Files.isReadable(input)) {
      return Optional.of("Cannot read " + input + " (permission denied)");
    }
    return checkOutputDir(input);
  }

  /** Checked before uploading: finding out after a three-hour transcription would be too late. */
  private static Optional<String> checkOutputDir(Path input) {
    Path dir = input.toAbsolutePath().getParent();
    if (dir == null || !Files.isDirectory(dir) || !Files.isWritable(dir)) {
      return Optional.of(
          "Cannot write the transcript beside "
              + input
              + ": "
              + dir
              + " is not writable. Copy the recording to a folder you can write to and run again.");
    }
    return Optional.empty();
  }

  private long interval(StatusUpdate update) {
    long hint = update.pollAfterMs() == null ? maxPoll.toMillis() : update.pollAfterMs();
    return Math.max(MIN_POLL_MS, Math.min(hint, maxPoll.toMillis()));
  }

  private static long backoff(int failures) {
    return Math.min(10_000L, 500L * (1L << Math.min(failures, 5)));
  }

  private static long retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .map(
            value -> {
              try {
                return Math.max(1, Long.parseLong(value.strip())) * 1000;
              } catch (NumberFormatException e) {
                return 1000L;
              }
            })
        .orElse(1000L);
  }

  /** Sleeps, but wakes at once on {@link #interrupt()}. */
  private void pause(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    synchronized (wake) {
      long left;
      while (!interrupted && (left = deadline - System.nanoTime()) > 0) {
        try {
          wake.wait(Math.max(1, left / 1_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private String unreachable(IOException e) {
    return "Could not reach the CoachTrack server at "
        + server
        + " ("
        + describe(e)
        + ").\n"
        + "Is it running? Check --server, or leave --server out to run the server inside this command.";
  }

  private String apiMessage(HttpResponse<String> response) {
    return apiMessage(response.body());
  }

  /** The API's own sentence ({@code {"error": code, "message": text}}), else the raw body. */
  private String apiMessage(String body) {
    JsonNode node = parse(body);
    if (node != null && node.hasNonNull("message")) {
      return node.get("message").asText();
    }
    String text = body == null ? "" : body.strip();
    return text.isEmpty()
        ? "(no details)"
        : text.length() > 500 ? text.substring(0, 500) + "..." : text;
  }

  private JsonNode parse(String body) {
    try {
      JsonNode node = body == null ? null : json.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  /**
   * "ConnectException: Connection refused", with the cause when it adds something
   * ("HttpTimeoutException, caused by ..."): what really happened, in one line, no stack trace.
   */
  public static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    String previousMessage = null;
    int levels = 0;
    for (Throwable t = e;
        t != null && levels < 3;
        t = t.getCause() == t ? null : t.getCause(), levels++) {
      String message =
          t.getMessage() == null || t.getMessage().isBlank() ? null : t.getMessage().strip();
      if (levels > 0 && message != null && message.equals(previousMessage)) {
        continue;
      }
      if (levels > 0) {
        text.append(", caused by ");
      }
      text.append(t.getClass().getSimpleName());
      if (message != null) {
        text.append(": ").append(message);
      }
      previousMessage = message;
    }
    return text.toString();
  }

  private static String contentType(Path input) {
    try {
      String probed = Files.probeContentType(input);
      if (probed != null) {
        return probed;
      }
    } catch (IOException | RuntimeException e) {
      // The server checks the content anyway.
    }
    return "application/octet-stream";
  }

  private static String headerSafe(String filename) {
    return filename.replaceAll("[\\r\\n]", " ").replace('"', '\'').replace('\\', '_');
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return "";
  }
}
