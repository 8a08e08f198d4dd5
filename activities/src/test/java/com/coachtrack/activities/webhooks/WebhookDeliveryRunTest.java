package com.coachtrack.activities.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.store.NewSession;
import com.coachtrack.store.SessionDao;
import com.coachtrack.store.TestDatabase;
import com.coachtrack.store.WebhookAttemptDao;
import com.coachtrack.store.WebhookAttemptRow;
import com.coachtrack.store.WebhookDeliveryDao;
import com.coachtrack.store.WebhookDeliveryRow;
import com.coachtrack.store.WebhookEndpointDao;
import com.coachtrack.workflows.TaskQueues;
import com.coachtrack.workflows.WebhookDeliveryWorkflow;
import com.coachtrack.workflows.WebhookDeliveryWorkflowImpl;
import com.coachtrack.workflows.activities.WebhookDeliveryRequest;
import com.sun.net.httpserver.HttpServer;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole deliveries: the delivery workflow with the real attempt activity, posting to a real HTTP
 * receiver in this JVM and recording in a real PostgreSQL. Temporal's test server skips the waits,
 * so a day of retries takes seconds.
 */
class WebhookDeliveryRunTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private static TestDatabase db;
  private TestWorkflowEnvironment env;
  private HttpServer receiver;

  /** Status codes to answer in turn; the last one is repeated when they run out. */
  private final List<Integer> answers = Collections.synchronizedList(new ArrayList<>());

  /** When each request came, in seconds of the test server's clock after the event. */
  private final List<Long> secondsAfterEvent = Collections.synchronizedList(new ArrayList<>());

  private volatile long eventAt;
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
          exchange.getRequestBody().readAllBytes();
          secondsAfterEvent.add((env.currentTimeMillis() - eventAt) / 1000);
          int status = answers.size() > 1 ? answers.remove(0) : answers.get(0);
          byte[] reply = ("answer " + status).getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, reply.length);
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

    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.TRANSCRIPTION);
    worker.registerWorkflowImplementationTypes(WebhookDeliveryWorkflowImpl.class);
    Clock clock = Clock.systemUTC();
    worker.registerActivitiesImplementations(
        new WebhookActivitiesImpl(
            db.jdbi,
            new WebhookPoster(WebhookTargets.allowing("127.0.0.0/8"), Duration.ofSeconds(5), clock),
            clock));
    env.start();
  }

  @AfterEach
  void stop() {
    env.close();
    receiver.stop(0);
  }

  /** Queues one delivery to a fresh endpoint and runs it to its end. */
  private String deliver(UUID endpoint, UUID delivery) {
    eventAt = env.currentTimeMillis();
    WebhookDeliveryRequest request =
        WebhookPolicy.DEFAULT.request(delivery, Instant.ofEpochMilli(eventAt));
    return env.getWorkflowClient()
        .newWorkflowStub(
            WebhookDeliveryWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(TaskQueues.webhookDeliveryWorkflowId(delivery.toString()))
                .setTaskQueue(TaskQueues.TRANSCRIPTION)
                .build())
        .deliver(request);
  }

  private UUID endpoint() {
    UUID id = UUID.randomUUID();
    String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
    db.jdbi.useExtension(
        WebhookEndpointDao.class,
        dao -> dao.insert(id, "coach-ana", false, url, "session.failed", SECRET, Instant.now()));
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
                "session.failed",
                "{\"type\":\"session.failed\",\"data\":{}}",
                Instant.now()));
    return id;
  }

  private static WebhookDeliveryRow row(UUID delivery) {
    return db.jdbi
        .withExtension(WebhookDeliveryDao.class, dao -> dao.findById(delivery))
        .orElseThrow();
  }

  private static List<Integer> attemptCodes(UUID delivery) {
    return db
        .jdbi
        .withExtension(WebhookAttemptDao.class, dao -> dao.forDeliveries(List.of(delivery)))
        .stream()
        .map(WebhookAttemptRow::statusCode)
        .toList();
  }

  private static boolean enabled(UUID endpoint) {
    return db.jdbi
        .withExtension(WebhookEndpointDao.class, dao -> dao.findById(endpoint))
        .orElseThrow()
        .enabled();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 401, 403, 404, 405, 413, 422})
  void aClientErrorOtherThanTimeoutOrTooManyRequestsStopsAfterOneAttempt(int status) {
    answers.add(status);
    UUID endpoint = endpoint();
    UUID delivery = delivery(endpoint);

    assertThat(deliver(endpoint, delivery)).isEqualTo("failed");

    assertThat(secondsAfterEvent).as("one request, no retry").hasSize(1);
    WebhookDeliveryRow failed = row(delivery);
    assertThat(failed.status()).isEqualTo("failed");
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.lastStatusCode()).isEqualTo(status);
    assertThat(failed.lastError()).startsWith("HTTP " + status);
    assertThat(failed.nextAttemptAt()).isNull();
    assertThat(failed.finishedAt()).isNotNull();
    assertThat(attemptCodes(delivery)).containsExactly(status);
    // Only a 410 says the endpoint is gone; the next session's delivery still goes to this one.
    assertThat(enabled(endpoint)).isTrue();
  }

  @Test
  void aTimeoutAndTooManyRequestsAreRetriedWithBackoffUntilTheReceiverTakesIt() {
    answers.addAll(List.of(408, 429, 502, 200));
    UUID endpoint = endpoint();
    UUID delivery = delivery(endpoint);

    assertThat(deliver(endpoint, delivery)).isEqualTo("delivered");

    assertThat(attemptCodes(delivery)).containsExactly(408, 429, 502, 200);
    // 30 s, then 60 s, then 120 s between them (plus what the test server's timers round up).
    assertThat(secondsAfterEvent.get(0)).isLessThan(5);
    assertThat(secondsAfterEvent.get(1)).isBetween(30L, 40L);
    assertThat(secondsAfterEvent.get(2)).isBetween(90L, 105L);
    assertThat(secondsAfterEvent.get(3)).isBetween(210L, 230L);
    WebhookDeliveryRow done = row(delivery);
    assertThat(done.status()).isEqualTo("delivered");
    assertThat(done.attempts()).isEqualTo(4);
    assertThat(done.lastStatusCode()).isEqualTo(200);
    assertThat(done.nextAttemptAt()).isNull();
  }

  @Test
  void aReceiverThatKeepsFailingIsRetriedForADayThenGivenUp() {
    answers.add(503);
    UUID endpoint = endpoint();
    UUID delivery = delivery(endpoint);

    assertThat(deliver(endpoint, delivery)).isEqualTo("failed");

    long day = Duration.ofHours(24).toSeconds();
    // 30 s doubling to an hour apart: the hourly attempts fill most of the day.
    assertThat(secondsAfterEvent).hasSizeBetween(25, 35);
    assertThat(secondsAfterEvent.get(secondsAfterEvent.size() - 1))
        .as("the last attempt is within the day and near its end")
        .isBetween(day - Duration.ofHours(1).toSeconds(), day);
    assertThat(attemptCodes(delivery)).hasSameSizeAs(secondsAfterEvent).containsOnly(503);
    WebhookDeliveryRow given = row(delivery);
    assertThat(given.status()).isEqualTo("failed");
    assertThat(given.attempts()).isEqualTo(secondsAfterEvent.size());
    assertThat(given.lastError()).contains("retry window");
    assertThat(given.nextAttemptAt()).isNull();
    assertThat(enabled(endpoint)).isTrue();
  }
}
