package com.coachtrack.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible speech server in the test JVM, standing for the outside service's contract
 * ({@code POST /v1/audio/transcriptions}, multipart, {@code verbose_json}). It answers with
 * plausible word times derived from the audio it receives: one word a second, {@code w0}, {@code
 * w1}, … at {@code [k + 0.25, k + 0.75]} seconds of the uploaded WAV, so a test can tell where each
 * word must land in the recording. A test can make it refuse the key from some request on.
 */
final class SpeechServer implements AutoCloseable {
  static final String PATH = "/v1/audio/transcriptions";

  /** One request as the server understood it. */
  record Received(double audioSeconds, String model, String responseFormat, String authorization) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger answered = new AtomicInteger();
  private volatile int refuseKeyAfter = Integer.MAX_VALUE;

  private SpeechServer(HttpServer server) {
    this.server = server;
  }

  static SpeechServer start() {
    try {
      HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
      SpeechServer speech = new SpeechServer(http);
      http.createContext(PATH, speech::handle);
      http.setExecutor(Executors.newFixedThreadPool(4));
      http.start();
      return speech;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests from the {@code n + 1}th on get 401, as with a revoked key; MAX_VALUE: never. */
  void refuseKeyAfter(int requests) {
    answered.set(0);
    refuseKeyAfter = requests;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String boundary =
          exchange.getRequestHeaders().getFirst("Content-Type").replaceAll(".*boundary=", "");
      byte[] wav = part(body, boundary, "file");
      double seconds =
          ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).getInt(40) / (16_000.0 * 2);
      received.add(
          new Received(
              seconds,
              new String(part(body, boundary, "model"), StandardCharsets.UTF_8),
              new String(part(body, boundary, "response_format"), StandardCharsets.UTF_8),
              exchange.getRequestHeaders().getFirst("Authorization")));
      if (answered.incrementAndGet() > refuseKeyAfter) {
        send(exchange, 401, "{\"error\":{\"message\":\"Invalid API key\"}}");
        return;
      }
      send(exchange, 200, answer(seconds));
    }
  }

  /** One word a second of audio, whole words only, with the segment that holds them. */
  static String answer(double seconds) {
    StringBuilder words = new StringBuilder();
    StringBuilder text = new StringBuilder();
    for (int k = 0; k + 0.75 <= seconds; k++) {
      if (k > 0) {
        words.append(',');
        text.append(' ');
      }
      words.append(
          String.format(
              Locale.ROOT,
              "{\"word\":\"w%d\",\"start\":%.2f,\"end\":%.2f}",
              k,
              k + 0.25,
              k + 0.75));
      text.append('w').append(k);
    }
    return String.format(
        Locale.ROOT,
        "{\"task\":\"transcribe\",\"language\":\"english\",\"duration\":%.3f,\"text\":\"%s\","
            + "\"segments\":[{\"id\":0,\"start\":0.0,\"end\":%.3f,\"text\":\"%s\",\"avg_logprob\":-0.2}],"
            + "\"words\":[%s]}",
        seconds,
        text,
        seconds,
        text,
        words);
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  /** The body of the multipart part named {@code name}; empty when there is none. */
  private static byte[] part(byte[] body, String boundary, String name) {
    byte[] marker = ("name=\"" + name + "\"").getBytes(StandardCharsets.ISO_8859_1);
    int at = indexOf(body, marker, 0);
    if (at < 0) {
      return new byte[0];
    }
    int start = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), at) + 4;
    int end = indexOf(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), start);
    byte[] content = new byte[end - start];
    System.arraycopy(body, start, content, 0, content.length);
    return content;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
