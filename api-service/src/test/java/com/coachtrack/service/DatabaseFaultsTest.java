package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.coachtrack.service.errors.DatabaseOutage;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL failing under a running API, for real: a TCP proxy between the app and the database is
 * cut, reset mid-transaction and restored. Polls get a 503 {@code database_unavailable} with
 * Retry-After within seconds, the pages and the admin health page still answer, the outage is
 * logged once, and the first poll after the database is back answers 200 without a restart.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DatabaseFaultsTest {
  private static final String COACH = "coach-outage";
  private static final EmbeddedPostgres POSTGRES;
  private static final TcpProxy PROXY;

  static {
    try {
      POSTGRES = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PROXY = new TcpProxy("127.0.0.1", POSTGRES.getPort());
  }

  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app(
          "auto",
          ConfigOverride.config("role", "api"),
          ConfigOverride.config(
              "database.url", "jdbc:postgresql://127.0.0.1:" + PROXY.port() + "/postgres"),
          ConfigOverride.config("database.user", "postgres"));

  private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
  private static ApiClient api;

  @BeforeAll
  static void watchTheOutageLog() {
    Logger logger = (Logger) LoggerFactory.getLogger(DatabaseOutage.class);
    logger.setLevel(Level.INFO);
    logger.addAppender(LOG);
    LOG.start();
    api = new ApiClient(APP.getLocalPort());
  }

  @AfterAll
  static void stopDatabase() throws IOException {
    PROXY.close();
    POSTGRES.close();
  }

  @Test
  @Order(1)
  void aCutDatabaseIs503WithinSecondsWhilePagesAnswerAndTheNextPollAfterItIs200() throws Exception {
    HttpResponse<String> created =
        api.upload(COACH, TestApps.audio("librivox.wav"), "librivox.wav", null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String status =
        "/api/v1/sessions/" + ApiClient.json(created).get("session_id").asText() + "/status";
    assertThat(api.get(status, COACH).statusCode()).isEqualTo(200);

    PROXY.cut();
    long cutAt = System.nanoTime();
    HttpResponse<String> refused = api.get(status, COACH);
    // The answer cached for a second may still be served; then the database is asked.
    while (refused.statusCode() == 200
        && System.nanoTime() - cutAt < Duration.ofSeconds(3).toNanos()) {
      Thread.sleep(200);
      refused = api.get(status, COACH);
    }
    double secondsToRefusal = (System.nanoTime() - cutAt) / 1e9;
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    assertThat(secondsToRefusal).isLessThan(6.0);
    JsonNode body = ApiClient.json(refused);
    assertThat(body.get("error").asText()).isEqualTo("database_unavailable");
    assertThat(body.get("message").asText()).contains("Try again").doesNotContain("Exception");
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
    HttpResponse<String> list = api.get("/api/v1/sessions", COACH);
    assertThat(list.statusCode()).isEqualTo(503);
    assertThat(ApiClient.json(list).get("error").asText()).isEqualTo("database_unavailable");

    assertThat(api.get("/", null).statusCode()).as("the web app's pages").isEqualTo(200);
    HttpResponse<String> health = new ApiClient(APP.getAdminPort()).get("/healthcheck", null);
    assertThat(health.statusCode()).as("the health page answers, unhealthy").isEqualTo(500);
    assertThat(ApiClient.json(health).at("/postgresql/healthy").asBoolean()).isFalse();
    for (int i = 0; i < 5; i++) {
      assertThat(api.get(status, COACH).statusCode()).isEqualTo(503);
    }

    PROXY.restore();
    HttpResponse<String> back = api.get(status, COACH);
    assertThat(back.statusCode()).as(back.body()).isEqualTo(200);

    assertThat(warnings()).as("one line for the whole outage").hasSize(1);
    assertThat(warnings().get(0).getThrowableProxy()).as("no stack trace").isNull();
    awaitLogged("PostgreSQL is back");
  }

  @Test
  @Order(2)
  void connectionsResetMidTransactionAreReplacedWithoutARestart() throws Exception {
    HttpResponse<String> created =
        api.upload(COACH, TestApps.audio("librivox.wav"), "librivox.wav", null);
    String status =
        "/api/v1/sessions/" + ApiClient.json(created).get("session_id").asText() + "/status";
    PROXY.delay(Duration.ofMillis(50));
    assertThat(api.get("/api/v1/sessions?limit=5", COACH).statusCode()).isEqualTo(200);
    PROXY.reset();
    PROXY.restore();
    Thread.sleep(1_100); // past the cached answer
    HttpResponse<String> afterReset = api.get(status, COACH);
    assertThat(afterReset.statusCode()).as(afterReset.body()).isIn(200, 503);
    assertThat(api.get(status, COACH).statusCode()).isEqualTo(200);
    assertThat(api.get("/api/v1/sessions?limit=5", COACH).statusCode()).isEqualTo(200);
  }

  private static List<ILoggingEvent> warnings() {
    return LOG.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
  }

  private static void awaitLogged(String text) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (LOG.list.stream().noneMatch(e -> e.getFormattedMessage().contains(text))) {
      assertThat(System.nanoTime()).as("logged: " + text).isLessThan(deadline);
      Thread.sleep(100);
    }
  }
}
