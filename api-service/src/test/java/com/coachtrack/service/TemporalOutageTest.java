package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.temporal.testserver.TestServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Temporal going away under a running service (API and worker in one process), for real: its server
 * is stopped and a new one, which knows nothing of the old runs, started on the same port. An
 * upload meanwhile is refused with a 503 and leaves nothing behind; the worker reconnects by
 * itself, and the reconciler starts the session whose run was lost, which then completes.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class TemporalOutageTest {
  private static final String COACH = "coach-temporal";
  private static final int PORT = ServiceProcess.freePort();
  private static TestServer.PortBoundTestServer temporal =
      TestServer.createPortBoundServer(PORT, true);

  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app(
          "auto",
          ConfigOverride.config("temporal.address", "127.0.0.1:" + PORT),
          ConfigOverride.config("status.reconcileEvery", "2 seconds"));

  @AfterAll
  static void stopTemporal() throws Exception {
    temporal.close();
  }

  @Test
  void uploadsAreRefusedWholeWhileItIsAwayAndLostRunsResumeWhenItIsBack() throws Exception {
    ApiClient api = new ApiClient(APP.getLocalPort());
    HttpResponse<String> created =
        api.upload(COACH, TestApps.audio("librivox.wav"), "librivox.wav", "Before the outage");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = ApiClient.json(created).get("session_id").asText();
    api.pollUntil(
        id, COACH, Duration.ofMinutes(2), s -> !s.get("status").asText().equals("pending"));

    temporal.close();
    HttpResponse<String> refused =
        api.upload(COACH, TestApps.audio("coaching.mp3"), "coaching.mp3", "During the outage");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
    JsonNode body = ApiClient.json(refused);
    assertThat(body.get("error").asText()).isEqualTo("temporarily_unavailable");
    assertThat(body.get("message").asText()).contains("Nothing was saved");
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    JsonNode list = ApiClient.json(api.get("/api/v1/sessions", COACH));
    assertThat(list.get("sessions")).hasSize(1);
    assertThat(sessionDirectories()).as("no file of the refused upload").hasSize(1);
    assertThat(audioSecondsThisMonth())
        .as("the refused upload's audio is given back to the coach's month")
        .isCloseTo(24.7, within(0.2));

    // A new server knows nothing of the run: the reconciler starts it again, the worker resumes.
    temporal = TestServer.createPortBoundServer(PORT, true);
    JsonNode done =
        api.pollUntil(
            id,
            COACH,
            Duration.ofMinutes(4),
            s -> s.get("status").asText().matches("completed|failed|cancelled"));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
    HttpResponse<String> after =
        api.upload(COACH, TestApps.audio("librivox.wav"), "librivox.wav", "After the outage");
    assertThat(after.statusCode()).as(after.body()).isEqualTo(201);
  }

  private static double audioSecondsThisMonth() throws SQLException {
    var db = APP.getConfiguration().getDatabase();
    try (Connection connection =
            DriverManager.getConnection(db.getUrl(), db.getUser(), db.getPassword());
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT COALESCE(SUM(audio_seconds), 0) FROM coach_usage WHERE coach_id = ?")) {
      statement.setString(1, COACH);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getDouble(1);
      }
    }
  }

  private static Path[] sessionDirectories() throws IOException {
    Path sessions = Path.of(APP.getConfiguration().getDataDir()).resolve("sessions");
    try (Stream<Path> dirs = Files.list(sessions)) {
      return dirs.toArray(Path[]::new);
    }
  }
}
