package com.coachtrack.activities.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.coachtrack.store.NewSession;
import com.coachtrack.store.SessionDao;
import com.coachtrack.store.TestDatabase;
import com.coachtrack.store.WebhookAttemptDao;
import com.coachtrack.store.WebhookAttemptRow;
import com.coachtrack.store.WebhookDeliveryDao;
import com.coachtrack.store.WebhookDeliveryRow;
import com.coachtrack.store.WebhookEndpointDao;
import com.coachtrack.store.WebhookEndpointRow;
import com.coachtrack.workflows.activities.WebhookActivities;
import com.coachtrack.workflows.activities.WebhookDeliveryRequest;
import com.coachtrack.workflows.status.FailureTypes;
import com.sun.net.httpserver.HttpServer;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One attempt at a time against a real HTTP receiver in this JVM (the JDK's server), with the
 * attempt recorded in a real PostgreSQL.
 */
class WebhookActivitiesImplTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private static TestDatabase db;
  private HttpServer receiver;
  private final List<Map<String, String>> received =
      Collections.synchronizedList(new ArrayList<>());
  private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
  private volatile int answer = 200;
  private volatile String retryAfter;
  private TestActivityEnvironment env;
  private WebhookActivities activities;
  private UUID session;

  @BeforeAll
  static void startDatabase() throws Exception {
    db = new TestDatabase();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    db.close();
  }

  @BeforeEach
  void start() throws IOException {
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        exchange -> {
          received.add(
              Map.of(
                  "id", exchange.getRequestHeaders().getFirst("webhook-id"),
                  "timestamp", exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                  "signature", exchange.getRequestHeaders().getFirst("webhook-signature"),
                  "type", exchange.getRequestHeaders().getFirst("Content-Type")));
          bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          byte[] reply = ("answer " + answer).getBytes(StandardCharsets.UTF_8);
          if (retryAfter != null) {
            exchange.getResponseHeaders().set("Retry-After", retryAfter);
          }
          exchange.sendResponseHeaders(answer, reply.length);
          exchange.getResponseBody().write(reply);
          exchange.close();
        });
    receiver.start();
    db.jdbi.useHandle(h -> h.execute("TRUNCATE transcription_session, webhook_endpoint CASCADE"));
    session = UUID.randomUUID();
    db.jdbi.useExtension(
        SessionDao.class,
        dao ->
            dao.insert(
                new NewSession(
                    session,
                    "coach-ana",
                    "Title",
                    "a.mp3",
                    "k",
                    1,
                    "mp3/mp3",
                    "sphinx4",
                    "transcription-" + session,
                    60,
                    "queued",
                    Instant.now())));
    activities = activities("127.0.0.0/8");
  }

  private WebhookActivities activities(String allowPrivate) {
    if (env != null) {
      env.close();
    }
    env = TestActivityEnvironment.newInstance();
    Clock clock = Clock.systemUTC();
    env.registerActivitiesImplementations(
        new WebhookActivitiesImpl(
            db.jdbi,
            new WebhookPoster(WebhookTargets.allowing(allowPrivate), Duration.ofSeconds(5), clock),
            clock));
    return env.newActivityStub(
        WebhookActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  @AfterEach
  void stop() {
    receiver.stop(0);
    env.close();
  }

  private UUID endpoint(String url) {
    UUID id = UUID.randomUUID();
    db.jdbi.useExtension(
        WebhookEndpointDao.class,
        dao -> dao.insert(id, "coach-ana", false, url, "session.completed", SECRET, Instant.now()));
    return id;
  }

  private UUID delivery(UUID endpoint) {
    UUID id = UUID.randomUUID();
    db.jdbi.useExtension(
        WebhookDeliveryDao.class,
        dao ->
            dao.insert(
                id,
                endpoint,
                session,
                "session.completed",
                "{\"type\":\"session.completed\",\"data\":{}}",
                Instant.now()));
    return id;
  }

  private String hook() {
    return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
  }

  private static WebhookDeliveryRequest request(UUID delivery) {
    return new WebhookDeliveryRequest(
        delivery.toString(), 30, 3600, Instant.now().plus(Duration.ofDays(1)).toEpochMilli());
  }

  private static WebhookDeliveryRow row(UUID delivery) {
    return db.jdbi
        .withExtension(WebhookDeliveryDao.class, dao -> dao.findById(delivery))
        .orElseThrow();
  }

  private static List<WebhookAttemptRow> attempts(UUID delivery) {
    return db.jdbi.withExtension(
        WebhookAttemptDao.class, dao -> dao.forDeliveries(List.of(delivery)));
  }

  @Test
  void aDeliveryIsSignedAsTheStandardSaysAndRecorded() throws Exception {
    UUID delivery = delivery(endpoint(hook()));

    assertThat(activities.attempt(request(delivery))).isEqualTo("delivered");

    Map<String, String> headers = received.get(0);
    String body = bodies.get(0);
    assertThat(headers.get("id")).isEqualTo(row(delivery).messageId());
    assertThat(headers.get("type")).startsWith("application/json");
    assertThat(body).isEqualTo("{\"type\":\"session.completed\",\"data\":{}}");
    long timestamp = Long.parseLong(headers.get("timestamp"));
    assertThat(timestamp).isCloseTo(Instant.now().getEpochSecond(), within(5L));
    // Verified the way a receiver does, without our signer.
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET.substring(6)), "HmacSHA256"));
    String expected =
        Base64.getEncoder()
            .encodeToString(
                mac.doFinal(
                    (headers.get("id") + "." + timestamp + "." + body)
                        .getBytes(StandardCharsets.UTF_8)));
    assertThat(headers.get("signature")).isEqualTo("v1," + expected);

    WebhookDeliveryRow done = row(delivery);
    assertThat(done.status()).isEqualTo("delivered");
    assertThat(done.attempts()).isEqualTo(1);
    assertThat(done.lastStatusCode()).isEqualTo(200);
    assertThat(done.finishedAt()).isNotNull();
    assertThat(done.nextAttemptAt()).isNull();
    assertThat(attempts(delivery))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.attempt()).isEqualTo(1);
              assertThat(a.statusCode()).isEqualTo(200);
              assertThat(a.error()).isNull();
            });
    // A run started again for a finished delivery sends nothing more.
    assertThat(activities.attempt(request(delivery))).isEqualTo("delivered");
    assertThat(received).hasSize(1);
  }

  @Test
  void aServerErrorIsRecordedAndRetriedLater() {
    answer = 500;
    UUID delivery = delivery(endpoint(hook()));

    assertThatThrownBy(() -> activities.attempt(request(delivery)))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(WebhookActivitiesImpl.RETRY);
              assertThat(failure.isNonRetryable()).isFalse();
            });

    WebhookDeliveryRow pending = row(delivery);
    assertThat(pending.status()).isEqualTo("pending");
    assertThat(pending.lastStatusCode()).isEqualTo(500);
    assertThat(pending.lastError()).isEqualTo("HTTP 500: answer 500");
    assertThat(pending.nextAttemptAt())
        .isCloseTo(Instant.now().plusSeconds(30), within(5, ChronoUnit.SECONDS));
    assertThat(attempts(delivery)).extracting(WebhookAttemptRow::statusCode).containsExactly(500);
  }

  @Test
  void aTooManyRequestsAnswerIsWaitedOutAsItAsks() {
    answer = 429;
    retryAfter = "120";
    UUID delivery = delivery(endpoint(hook()));

    assertThatThrownBy(() -> activities.attempt(request(delivery)))
        .isInstanceOf(ActivityFailure.class);
    assertThat(row(delivery).nextAttemptAt())
        .isCloseTo(Instant.now().plusSeconds(120), within(5, ChronoUnit.SECONDS));
  }

  @Test
  void aGoneAnswerStopsTheDeliveryAndTurnsTheEndpointOff() {
    answer = 410;
    UUID endpoint = endpoint(hook());
    UUID delivery = delivery(endpoint);

    assertThatThrownBy(() -> activities.attempt(request(delivery)))
        .isInstanceOf(ActivityFailure.class)
        .cause()
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> assertThat(failure.getType()).isEqualTo(FailureTypes.WEBHOOK_REFUSED));

    assertThat(row(delivery).status()).isEqualTo("failed");
    WebhookEndpointRow off =
        db.jdbi
            .withExtension(WebhookEndpointDao.class, dao -> dao.findById(endpoint))
            .orElseThrow();
    assertThat(off.enabled()).isFalse();
    assertThat(off.disabledReason()).contains("410 Gone");
    // The next delivery to it is skipped without a request.
    UUID next = delivery(endpoint);
    assertThat(activities.attempt(request(next))).isEqualTo("skipped");
    assertThat(row(next).status()).isEqualTo("failed");
    assertThat(received).hasSize(1);
  }

  @Test
  void aLoopbackReceiverIsNotCalledUnlessTheOperatorAllowedIt() {
    WebhookActivities strict = activities("");
    UUID delivery = delivery(endpoint(hook()));

    assertThatThrownBy(() -> strict.attempt(request(delivery))).isInstanceOf(ActivityFailure.class);

    assertThat(received).isEmpty();
    assertThat(row(delivery).lastError()).contains("public addresses only");
    assertThat(attempts(delivery).get(0).statusCode()).isNull();
  }

  @Test
  void aReceiverThatIsNotListeningIsRecordedAsSuch() throws IOException {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    UUID delivery = delivery(endpoint("http://127.0.0.1:" + closed + "/hook"));

    assertThatThrownBy(() -> activities.attempt(request(delivery)))
        .isInstanceOf(ActivityFailure.class);
    assertThat(row(delivery).lastError()).contains("Connection refused");
  }

  @Test
  void aDeliveryWhoseEndpointWasDeletedIsSkippedAndAGiveUpIsRecorded() {
    UUID endpoint = endpoint(hook());
    UUID delivery = delivery(endpoint);
    activities.giveUp(delivery.toString());
    assertThat(row(delivery).status()).isEqualTo("failed");
    assertThat(row(delivery).lastError()).contains("retry window");

    db.jdbi.useExtension(WebhookEndpointDao.class, dao -> dao.delete(endpoint));
    assertThat(activities.attempt(request(delivery))).isEqualTo("skipped");
    assertThat(received).isEmpty();
  }
}
