package com.coachtrack.activities.engine;

import java.net.URI;
import java.time.Duration;

/**
 * Where an OpenAI-compatible speech server is and how to ask it ({@code ASR_*}): OpenAI itself
 * (base {@code https://api.openai.com}, path {@code /v1/audio/transcriptions}), speaches or
 * faster-whisper-server (the same path), whisper.cpp's server (path {@code /inference}).
 *
 * @param baseUrl {@code ASR_URL}, e.g. {@code http://whisper:8080}; null when not configured
 * @param apiKey {@code ASR_API_KEY}, sent as a bearer token; blank for servers without one
 * @param model {@code ASR_MODEL}, the {@code model} form field ({@code whisper-1})
 * @param path {@code ASR_PATH}, appended to the base URL
 * @param timeout {@code ASR_TIMEOUT}, how long one request may take before it counts as failed
 */
public record OpenAiSettings(
    URI baseUrl, String apiKey, String model, String path, Duration timeout) {

  public static final String DEFAULT_MODEL = "whisper-1";
  public static final String DEFAULT_PATH = "/v1/audio/transcriptions";
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  /** Nothing configured: the engine refuses to start, naming ASR_URL. */
  public static OpenAiSettings none() {
    return new OpenAiSettings(null, "", DEFAULT_MODEL, DEFAULT_PATH, DEFAULT_TIMEOUT);
  }

  /** A server at {@code baseUrl} with the defaults, for tests and the CLI. */
  public static OpenAiSettings at(String baseUrl) {
    return new OpenAiSettings(
        URI.create(baseUrl), "", DEFAULT_MODEL, DEFAULT_PATH, DEFAULT_TIMEOUT);
  }

  public OpenAiSettings withApiKey(String key) {
    return new OpenAiSettings(baseUrl, key, model, path, timeout);
  }

  public OpenAiSettings withPath(String newPath) {
    return new OpenAiSettings(baseUrl, apiKey, model, newPath, timeout);
  }

  public OpenAiSettings withTimeout(Duration newTimeout) {
    return new OpenAiSettings(baseUrl, apiKey, model, path, newTimeout);
  }

  /** The transcription endpoint: the base URL and the path, joined by exactly one slash. */
  public URI endpoint() {
    String base = baseUrl.toString().replaceAll("/+$", "");
    String tail = path == null || path.isBlank() ? DEFAULT_PATH : path.strip();
    return URI.create(base + (tail.startsWith("/") ? tail : "/" + tail));
  }

  boolean hasApiKey() {
    return apiKey != null && !apiKey.isBlank();
  }
}
