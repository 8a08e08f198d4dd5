package com.coachtrack.activities.webhooks;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * POSTs signed webhook bodies. The client connects only to addresses {@link WebhookTargets} allowed
 * (it asks them for the host's addresses while connecting), follows no redirect (a 3xx is a failed
 * attempt, as the Standard Webhooks convention has it), keeps no cookies and reads at most a little
 * of an answer's body, for the attempt's record.
 */
public final class WebhookPoster implements Closeable {
  private static final int BODY_EXCERPT_BYTES = 200;

  private final WebhookTargets targets;
  private final CloseableHttpClient client;
  private final Clock clock;

  /**
   * @param timeout for connecting, and for the answer once the body is sent
   */
  public WebhookPoster(WebhookTargets targets, Duration timeout, Clock clock) {
    this.targets = targets;
    this.clock = clock;
    DnsResolver resolver =
        new DnsResolver() {
          @Override
          public InetAddress[] resolve(String host) throws UnknownHostException {
            return targets.resolve(host);
          }

          @Override
          public String resolveCanonicalHostname(String host) {
            return host;
          }
        };
    Timeout limit = Timeout.of(timeout);
    this.client =
        HttpClients.custom()
            .setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                    .setDnsResolver(resolver)
                    .setDefaultConnectionConfig(
                        ConnectionConfig.custom()
                            .setConnectTimeout(limit)
                            .setSocketTimeout(limit)
                            .build())
                    .setMaxConnTotal(64)
                    .setMaxConnPerRoute(4)
                    .build())
            .setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(limit).setRedirectsEnabled(false).build())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableCookieManagement()
            .disableAuthCaching()
            .setUserAgent("CoachTrack-Webhooks/1")
            .build();
  }

  /** One attempt: signs the body for now and POSTs it. Never throws; the result says it all. */
  public PostResult post(String url, String secret, String messageId, String body) {
    long started = System.nanoTime();
    URI uri = URI.create(url);
    try {
      // Literal addresses never reach the resolver: checked here as well.
      targets.resolve(uri.getHost());
      long timestamp = clock.instant().getEpochSecond();
      HttpPost post = new HttpPost(uri);
      post.setHeader("webhook-id", messageId);
      post.setHeader("webhook-timestamp", Long.toString(timestamp));
      post.setHeader("webhook-signature", WebhookSigner.sign(secret, messageId, timestamp, body));
      post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
      return client.execute(post, response -> answer(response, started));
    } catch (TargetRefusedException e) {
      return new PostResult(null, null, e.getMessage(), millisSince(started), true);
    } catch (UnknownHostException e) {
      return new PostResult(
          null, null, "The host " + uri.getHost() + " was not found", millisSince(started), false);
    } catch (IOException e) {
      return new PostResult(null, null, describe(e), millisSince(started), false);
    }
  }

  private PostResult answer(ClassicHttpResponse response, long started) throws IOException {
    int status = response.getCode();
    String error = null;
    if (status < 200 || status >= 300) {
      error = "HTTP " + status + excerpt(response);
    }
    return new PostResult(
        status,
        retryAfter(response.getFirstHeader("Retry-After")),
        error,
        millisSince(started),
        false);
  }

  private static String excerpt(ClassicHttpResponse response) throws IOException {
    if (response.getEntity() == null) {
      return "";
    }
    try (InputStream in = response.getEntity().getContent()) {
      String text =
          new String(in.readNBytes(BODY_EXCERPT_BYTES), StandardCharsets.UTF_8)
              .replaceAll("\\s+", " ")
              .strip();
      return text.isEmpty() ? "" : ": " + text;
    }
  }

  /** Seconds, or an HTTP date; anything else is ignored. */
  private Long retryAfter(Header header) {
    if (header == null) {
      return null;
    }
    String value = header.getValue().strip();
    try {
      return Math.max(0, Long.parseLong(value));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Math.max(0, Duration.between(clock.instant(), at).getSeconds());
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }

  private static String describe(IOException e) {
    String kind = e.getClass().getSimpleName();
    if (kind.contains("Timeout")) {
      return "No answer in time (" + e.getMessage() + ")";
    }
    if (e instanceof java.net.ConnectException) {
      return "Connection refused (" + e.getMessage() + ")";
    }
    return kind + ": " + e.getMessage();
  }

  private static int millisSince(long started) {
    return (int) Math.min(Integer.MAX_VALUE, (System.nanoTime() - started) / 1_000_000);
  }

  @Override
  public void close() throws IOException {
    client.close();
  }
}
