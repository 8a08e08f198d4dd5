package com.coachtrack.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A platform's webhook receiver: a real HTTP server in the test JVM (the JDK's) on loopback that
 * records every delivery and answers with the status codes a test scripts (200 once they run out).
 * It checks signatures the way a receiver would, with its own HMAC, not the application's code.
 */
final class WebhookReceiver implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as it arrived. */
  record Delivery(String path, String id, long timestamp, String signature, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("Not JSON: " + body, e);
      }
    }

    /** Whether the signature is the Standard Webhooks one for this secret. */
    boolean signedWith(String secret) {
      try {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(
            new SecretKeySpec(
                Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
        String expected =
            "v1,"
                + Base64.getEncoder()
                    .encodeToString(
                        mac.doFinal(
                            (id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        // A header may carry several signatures separated by spaces; any one matching will do.
        return List.of(signature.split(" ")).contains(expected);
      } catch (java.security.GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  private final HttpServer server;
  private final List<Delivery> received = new CopyOnWriteArrayList<>();
  private final Map<String, Deque<Integer>> answers = new ConcurrentHashMap<>();
  private final Map<String, Integer> otherwise = new ConcurrentHashMap<>();

  WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
          String path = exchange.getRequestURI().getPath().substring(1);
          received.add(
              new Delivery(
                  path,
                  exchange.getRequestHeaders().getFirst("webhook-id"),
                  timestamp == null ? 0 : Long.parseLong(timestamp),
                  String.valueOf(exchange.getRequestHeaders().getFirst("webhook-signature")),
                  body));
          Integer scripted = queue(path).pollFirst();
          exchange.sendResponseHeaders(
              scripted != null ? scripted : otherwise.getOrDefault(path, 200), -1);
          exchange.close();
        });
    server.start();
  }

  /** The receiver's address, with a path of its own so two endpoints can share one server. */
  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
  }

  private Deque<Integer> queue(String path) {
    return answers.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>());
  }

  /** Answers the next requests to this path with these codes, then with the usual one. */
  WebhookReceiver answering(String path, Integer... codes) {
    queue(path).addAll(List.of(codes));
    return this;
  }

  /** The code for every request to this path once the scripted ones are used up (200 at first). */
  WebhookReceiver otherwise(String path, int code) {
    otherwise.put(path, code);
    return this;
  }

  /** The requests to this path, in order. */
  List<Delivery> received(String path) {
    return received.stream().filter(d -> d.path().equals(path)).toList();
  }

  /** Waits for the n-th request to this path; fails after the timeout. */
  List<Delivery> awaitAtLeast(String path, int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received(path).size() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Expected " + count + " webhook requests to /" + path + ", got " + received(path));
      }
      ApiClient.sleep(100);
    }
    return received(path);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
