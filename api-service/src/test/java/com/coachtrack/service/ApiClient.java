package com.coachtrack.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Talks to the running application over real HTTP, as a browser or curl would. A {@code coach}
 * argument signs the request in as test.yml's header mode expects from a proxy on loopback.
 */
final class ApiClient {
  /** What test.yml's header mode believes from loopback; see TestApps. */
  static final String PROXY_SECRET = "test-proxy-secret";

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  ApiClient(int port) {
    this.base = "http://127.0.0.1:" + port;
  }

  HttpResponse<String> upload(String coach, Path file, String filename, String title) {
    try {
      return uploadBytes(coach, Files.readAllBytes(file), filename, title);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  HttpResponse<String> uploadBytes(String coach, byte[] content, String filename, String title) {
    return uploadBytes(coach, content, filename, title, false);
  }

  /**
   * @param chunked send the body with chunked transfer encoding, without a Content-Length (as a
   *     streaming client does): the server learns the size only as it reads
   */
  HttpResponse<String> uploadBytes(
      String coach, byte[] content, String filename, String title, boolean chunked) {
    String boundary = "----coachtrack" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (title != null) {
      write(
          body,
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
              + title
              + "\r\n");
    }
    if (content != null) {
      write(
          body,
          "--"
              + boundary
              + "\r\nContent-Disposition: form-data; name=\"audio\"; filename=\""
              + filename
              + "\"\r\nContent-Type: audio/mpeg\r\n\r\n");
      body.writeBytes(content);
      write(body, "\r\n");
    }
    write(body, "--" + boundary + "--\r\n");
    byte[] bytes = body.toByteArray();
    return send(
        request("/api/v1/sessions", coach)
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(
                chunked
                    ? HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(bytes))
                    : HttpRequest.BodyPublishers.ofByteArray(bytes))
            .build());
  }

  HttpResponse<String> get(String path, String coach) {
    return send(request(path, coach).GET().build());
  }

  HttpResponse<String> post(String path, String coach) {
    return send(request(path, coach).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  HttpRequest.Builder request(String path, String coach) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (coach != null) {
      // As the authenticating proxy in front of the app would name the coach.
      builder.header("X-Coach-Id", coach).header("X-Proxy-Secret", PROXY_SECRET);
    }
    return builder;
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  JsonNode status(String sessionId, String coach) {
    return json(get("/api/v1/sessions/" + sessionId + "/status", coach));
  }

  /** Polls like a browser until the status satisfies the condition; fails after the timeout. */
  JsonNode pollUntil(String sessionId, String coach, Duration timeout, Predicate<JsonNode> done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    JsonNode status = status(sessionId, coach);
    while (!done.test(status)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting; last status " + status);
      }
      sleep(500);
      status = status(sessionId, coach);
    }
    return status;
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("Not JSON (" + response.statusCode() + "): " + response.body(), e);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void write(ByteArrayOutputStream out, String text) {
    out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
  }
}
