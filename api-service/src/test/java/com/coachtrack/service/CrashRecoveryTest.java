package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Durability: the service's JVM alone, or the JVM and its embedded PostgreSQL, are killed with
 * SIGKILL in the middle of a long recording and started again on the same data directory. The
 * session continues from its stored chunks, completes, its progress never goes back, and no
 * finished chunk is transcribed again.
 */
class CrashRecoveryTest {
  private static final String COACH = "coach-crash";
  private final List<ServiceProcess> started = new ArrayList<>();
  private Path dataDir;

  @AfterEach
  void stopEverything() {
    started.forEach(ServiceProcess::kill);
    if (dataDir != null) {
      killPostgres(dataDir);
    }
  }

  /**
   * @param withPostgres the JVM alone dies (the OOM killer, a crash: its PostgreSQL, in a process
   *     group of its own, lives on and holds the data directory), or the machine loses both
   */
  @ParameterizedTest(name = "killing the JVM {0}")
  @ValueSource(strings = {"alone", "and PostgreSQL"})
  void aKilledServiceRestartsOnTheFirstTryAndResumesFromStoredChunks(String what) throws Exception {
    boolean withPostgres = what.contains("PostgreSQL");
    dataDir = Files.createTempDirectory("coachtrack-crash-");
    int port = ServiceProcess.freePort();
    int adminPort = ServiceProcess.freePort();
    ApiClient api = new ApiClient(port);

    ServiceProcess first = start(port, adminPort).awaitHealthy();
    HttpResponse<String> created =
        api.upload(COACH, TestApps.audio("long-10min.mp3"), "long-10min.mp3", "Long session");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = ApiClient.json(created).get("session_id").asText();

    JsonNode beforeCrash =
        api.pollUntil(id, COACH, Duration.ofMinutes(8), status -> doneChunks(id).size() >= 3);
    Map<Integer, Timestamp> doneBeforeCrash = doneChunks(id);
    double progressBeforeCrash = api.status(id, COACH).get("progress").asDouble();
    assertThat(beforeCrash.get("status").asText()).isEqualTo("processing");

    first.kill();
    if (withPostgres) {
      killPostgres(dataDir);
    }

    // The first start after the crash must work: no stale lock or leftover server in its way.
    start(port, adminPort).awaitHealthy();
    List<Double> seen = new ArrayList<>();
    List<double[]> progressAndAudio = new ArrayList<>();
    JsonNode done =
        api.pollUntil(
            id,
            COACH,
            Duration.ofMinutes(10),
            status -> {
              seen.add(status.get("progress").asDouble());
              progressAndAudio.add(
                  new double[] {
                    status.get("progress").asDouble(),
                    100
                        * status.get("duration_processed").asDouble()
                        / status.get("duration_total").asDouble()
                  });
              return status.get("status").asText().matches("completed|failed|cancelled");
            });
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
    assertThat(seen)
        .allSatisfy(progress -> assertThat(progress).isGreaterThanOrEqualTo(progressBeforeCrash));
    assertThat(seen).isSortedAccordingTo(Double::compare);
    // Never more than one report interval (2 s) of work beyond the audio actually transcribed,
    // at the speed this run really had.
    double secondsPerAudioSecond =
        done.get("processing_seconds").asDouble() / done.get("duration_total").asDouble();
    double oneReportOfWork =
        100 * 2 / secondsPerAudioSecond / done.get("duration_total").asDouble();
    for (double[] sample : progressAndAudio.subList(0, progressAndAudio.size() - 1)) {
      assertThat(sample[0])
          .as("progress %.2f %% with %.2f %% of the audio transcribed", sample[0], sample[1])
          .isLessThanOrEqualTo(sample[1] + oneReportOfWork + 0.01);
    }

    Map<Integer, Timestamp> doneAfter = doneChunks(id);
    doneBeforeCrash.forEach(
        (chunk, storedAt) ->
            assertThat(doneAfter.get(chunk)).as("chunk %d stored once", chunk).isEqualTo(storedAt));

    JsonNode history =
        ApiClient.json(api.get("/api/v1/sessions/" + id + "/history", COACH)).get("history");
    List<String> messages = new ArrayList<>();
    history.forEach(
        entry ->
            messages.add(entry.get("to_status").asText() + ": " + entry.get("message").asText()));
    assertThat(messages)
        .anySatisfy(message -> assertThat(message).startsWith("pending: Restarted"));
    assertThat(messages.get(messages.size() - 1)).startsWith("completed");
    assertThat(api.get("/api/v1/sessions/" + id + "/transcript?format=txt", COACH).statusCode())
        .isEqualTo(200);
  }

  private ServiceProcess start(int port, int adminPort) {
    ServiceProcess service =
        ServiceProcess.start(
            Map.of("DATA_DIR", dataDir.toString(), "ENGINE_SLOTS", "2"),
            port,
            adminPort,
            dataDir.resolve("service.log"));
    started.add(service);
    return service;
  }

  /** Done chunks and when their words were stored, read straight from the service's database. */
  private Map<Integer, Timestamp> doneChunks(String sessionId) {
    Map<Integer, Timestamp> done = new HashMap<>();
    try (Connection connection =
            DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + postgresPort(dataDir) + "/postgres",
                "postgres",
                "");
        var statement =
            connection.prepareStatement(
                "SELECT chunk_index, updated_at FROM session_chunk WHERE session_id = CAST(? AS uuid) AND done")) {
      statement.setString(1, sessionId);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          done.put(rows.getInt(1), rows.getTimestamp(2));
        }
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(e);
    }
    return done;
  }

  private static int postgresPort(Path dataDir) throws IOException {
    return Integer.parseInt(
        Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid")).get(3).strip());
  }

  /** SIGKILL, as a crash would: no shutdown hooks, no clean database stop. */
  private static void killPostgres(Path dataDir) {
    Path pidFile = dataDir.resolve("postgres").resolve("postmaster.pid");
    try {
      if (Files.exists(pidFile)) {
        long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        ProcessHandle.of(pid).ifPresent(ServiceProcess::kill);
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
