package com.coachtrack.service.cli;

import com.coachtrack.service.transcripts.TranscriptFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * The HTTP calls the command line makes to one CoachTrack server, one method per endpoint, with who
 * is calling on every request. Answers come back as they are: what they mean is the caller's
 * business ({@link TranscribeClient}).
 */
final class ServerApi {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);

  private final ObjectMapper json = new ObjectMapper();
  private final HttpClient http;
  private final URI server;
  private final Caller caller;

  /**
   * @param server the base URL, e.g. {@code http://localhost:8080} (see {@link #serverUri})
   * @param caller the credential sent on every request
   */
  ServerApi(URI server, Caller caller) {
    this.server = server;
    this.caller = caller;
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
  static URI serverUri(String text) {
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

  URI server() {
    return server;
  }

  Caller caller() {
    return caller;
  }

  URI statusUri(String id) {
    return URI.create(server + "/api/v1/sessions/" + id + "/status");
  }

  URI transcriptUri(String id, TranscriptFormat format) {
    return URI.create(
        server + "/api/v1/sessions/" + id + "/transcript?format=" + format.extension());
  }

  /**
   * Streams the recording as multipart/form-data, telling {@code onSent} (bytes sent, bytes in all)
   * as the body goes out; {@code engine} and {@code title} go first when given.
   */
  HttpResponse<String> upload(
      Path input, String title, String engine, BiConsumer<Long, Long> onSent) throws IOException {
    String boundary = "----coachtrack-cli-" + UUID.randomUUID();
    StringBuilder head = new StringBuilder();
    if (engine != null && !engine.isBlank()) {
      head.append("--")
          .append(boundary)
          .append("\r\n")
          .append("Content-Disposition: form-data; name=\"engine\"\r\n\r\n")
          .append(engine)
          .append("\r\n");
    }
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
    HttpRequest request =
        authorized(HttpRequest.newBuilder(URI.create(server + "/api/v1/sessions")))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .header("Accept", "application/json")
            .POST(new CountingBodyPublisher(streamed, sent -> onSent.accept(sent, total)))
            .build();
    return send(request);
  }

  HttpResponse<String> status(String id) throws IOException {
    return send(request("/api/v1/sessions/" + id + "/status").GET().build());
  }

  HttpResponse<String> cancel(String id) throws IOException {
    return send(
        request("/api/v1/sessions/" + id + "/cancel")
            .POST(HttpRequest.BodyPublishers.noBody())
            .build());
  }

  HttpResponse<InputStream> transcript(String id, TranscriptFormat format) throws IOException {
    try {
      return http.send(
          authorized(HttpRequest.newBuilder(transcriptUri(id, format)))
              .timeout(REQUEST_TIMEOUT)
              .GET()
              .build(),
          HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** The API's own sentence ({@code {"error": code, "message": text}}), else the raw body. */
  String message(String body) {
    JsonNode node = object(body);
    if (node != null && node.hasNonNull("message")) {
      return node.get("message").asText();
    }
    String text = body == null ? "" : body.strip();
    return text.isEmpty()
        ? "(no details)"
        : text.length() > 500 ? text.substring(0, 500) + "..." : text;
  }

  /** The body as a JSON object, or null when it is not one. */
  JsonNode object(String body) {
    try {
      JsonNode node = body == null ? null : json.readTree(body);
      return node != null && node.isObject() ? node : null;
    } catch (IOException e) {
      return null;
    }
  }

  private HttpRequest.Builder request(String path) {
    return authorized(HttpRequest.newBuilder(URI.create(server + path))).timeout(REQUEST_TIMEOUT);
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    caller.headers().forEach(request::header);
    return request;
  }

  private HttpResponse<String> send(HttpRequest request) throws IOException {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
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
}
