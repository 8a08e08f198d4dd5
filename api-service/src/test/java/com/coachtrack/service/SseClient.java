package com.coachtrack.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events client as the specification reads a stream: lines, {@code event:}, {@code
 * id:}, {@code data:}, comments, an empty line dispatching. Reads on a thread of its own into a
 * queue, so a test can wait for the next event with a timeout. Comments are kept as events named
 * {@code :comment}, which a browser would not show, to see the keep-alive.
 */
final class SseClient implements AutoCloseable {
  /** One event as dispatched; {@code id} is the id field of this event (null when it had none). */
  record Event(String name, String id, String data, long receivedNanos) {
    boolean comment() {
      return ":comment".equals(name);
    }
  }

  /** The end of the stream (the server closed it), as an event in the queue. */
  static final String CLOSED = ":closed";

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final HttpResponse<InputStream> response;
  private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
  private final Thread reader;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new Thread(this::read, "sse-client");
    this.reader.setDaemon(true);
    if (response.statusCode() == 200) {
      reader.start();
    }
  }

  /**
   * Opens {@code path} on the app's port as the coach; {@code headers} are added (Last-Event-ID,
   * Accept-Encoding...).
   */
  static SseClient open(int port, String path, String coach, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Accept", "text/event-stream")
            .timeout(Duration.ofSeconds(30));
    if (coach != null) {
      request.header("X-Coach-Id", coach).header("X-Proxy-Secret", ApiClient.PROXY_SECRET);
    }
    headers.forEach(request::header);
    try {
      return new SseClient(
          HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  int status() {
    return response.statusCode();
  }

  HttpHeaders headers() {
    return response.headers();
  }

  /** The body of a refused stream (a JSON error). */
  String errorBody() {
    try (InputStream body = response.body()) {
      return new String(body.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The next event or comment, or null after the timeout; {@link #CLOSED} once the stream ended.
   */
  Event next(Duration timeout) {
    try {
      return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The next event that is not a comment; fails the test after the timeout. */
  Event nextEvent(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Event event = next(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (event == null) {
        throw new AssertionError("No event within " + timeout);
      }
      if (!event.comment()) {
        return event;
      }
    }
  }

  /** Every event (not comments) until the stream ends; fails after the timeout. */
  List<Event> untilClosed(Duration timeout) {
    List<Event> all = new ArrayList<>();
    while (true) {
      Event event = nextEvent(timeout);
      if (CLOSED.equals(event.name())) {
        return all;
      }
      all.add(event);
    }
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String name = null;
      String id = null;
      StringBuilder data = null;
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.isEmpty()) {
          if (data != null) {
            events.add(new Event(name == null ? "message" : name, id, data.toString(), now()));
          }
          name = null;
          id = null;
          data = null;
        } else if (line.startsWith(":")) {
          events.add(new Event(":comment", null, line.substring(1).strip(), now()));
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          if (value.startsWith(" ")) {
            value = value.substring(1);
          }
          switch (field) {
            case "event" -> name = value;
            case "id" -> id = value;
            case "data" ->
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            default -> {
              // retry and unknown fields
            }
          }
        }
      }
    } catch (IOException e) {
      // closed by us, or the connection broke
    } finally {
      events.add(new Event(CLOSED, null, null, now()));
    }
  }

  private static long now() {
    return System.nanoTime();
  }

  /** Leaves the stream, as a closed tab would. */
  @Override
  public void close() {
    try {
      response.body().close();
    } catch (IOException e) {
      // gone already
    }
    reader.interrupt();
  }
}
