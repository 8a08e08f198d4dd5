package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker that dies in the middle of a chunk (SIGKILL of its process) is told apart from a slow or
 * a stuck one: within seconds the coach reads that the worker stopped responding and the work is
 * moving, operators see it in the metrics, and a new worker picks the chunks up (the killed ones
 * from their last heartbeat, once Temporal's 30 s heartbeat timeout expires) until all the audio is
 * transcribed, without the session ever showing as failed or its bar going back.
 *
 * <p>The killed process also ran the workflow. Temporal's test server (the embedded one these tests
 * use) never moves a workflow task off a dead worker's sticky queue (its
 * StateMachines.scheduleWorkflowTask sets no schedule-to-start timer for sticky tasks), and each
 * session only keeps a window of chunks in flight, so the next chunks need workflow tasks: the
 * workers see the test server and do not use sticky queues with it, and the session completes.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class WorkerLostTest {
  private static final String COACH = "coach-worker-lost";
  static final DropwizardAppExtension<TranscriptionConfiguration> API =
      TestApps.app("auto", ConfigOverride.config("role", "api"));

  private final List<ServiceProcess> workers = new ArrayList<>();

  @AfterEach
  void stopWorkers() {
    workers.forEach(ServiceProcess::kill);
  }

  @Test
  void aKilledWorkerShowsAsLostAndANewWorkerCompletesTheSession() {
    ApiClient api = new ApiClient(API.getLocalPort());
    ServiceProcess first = startWorker("worker-1.log").awaitHealthy();
    HttpResponse<String> created =
        api.upload(COACH, TestApps.audio("long-10min.mp3"), "long-10min.mp3", "Worker lost");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = ApiClient.json(created).get("session_id").asText();
    JsonNode moving =
        api.pollUntil(
            id, COACH, Duration.ofMinutes(3), s -> s.get("duration_processed").asDouble() > 20);
    assertThat(moving.get("pace").asText()).isEqualTo("on_track");

    first.kill();
    long killedAt = System.nanoTime();
    JsonNode lost =
        api.pollUntil(
            id, COACH, Duration.ofSeconds(60), s -> "worker_lost".equals(s.path("pace").asText()));
    Duration noticedAfter = Duration.ofNanos(System.nanoTime() - killedAt);

    assertThat(noticedAfter).isLessThan(Duration.ofSeconds(30));
    assertThat(lost.get("status").asText()).isEqualTo("processing");
    assertThat(lost.get("stalled").asBoolean()).isFalse();
    assertThat(lost.get("message").asText())
        .startsWith("The worker transcribing this session stopped responding")
        .contains("moving to another worker automatically");
    assertThat(workerLostGauge()).isEqualTo(1);
    double progressWhenLost = lost.get("progress").asDouble();

    startWorker("worker-2.log").awaitHealthy();
    List<String> paces = new ArrayList<>();
    JsonNode transcribed =
        api.pollUntil(
            id,
            COACH,
            Duration.ofMinutes(6),
            s -> {
              paces.add(s.path("pace").asText());
              assertThat(s.get("status").asText()).isIn("processing", "completed");
              assertThat(s.get("progress").asDouble()).isGreaterThanOrEqualTo(progressWhenLost);
              return s.get("status").asText().equals("completed");
            });

    assertThat(transcribed.get("progress").asDouble()).isEqualTo(100.0);
    // Moving again: the new worker's reports replaced the lost one's silence.
    assertThat(paces).contains("on_track");
    JsonNode history =
        ApiClient.json(api.get("/api/v1/sessions/" + id + "/history", COACH)).get("history");
    List<String> states = new ArrayList<>();
    history.forEach(entry -> states.add(entry.get("to_status").asText()));
    assertThat(states).doesNotContain("failed");
  }

  /** The operators' gauge; the metrics are read from the database at most every 10 s. */
  private static long workerLostGauge() {
    ApiClient admin = new ApiClient(API.getAdminPort());
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    long value;
    do {
      value =
          ApiClient.json(admin.get("/metrics", null))
              .at("/gauges/sessions.worker-lost/value")
              .asLong();
      if (value > 0) {
        return value;
      }
      ApiClient.sleep(1_000);
    } while (System.nanoTime() < deadline);
    return value;
  }

  private ServiceProcess startWorker(String logName) {
    TranscriptionConfiguration shared = API.getConfiguration();
    Path dataDir = Path.of(shared.getDataDir());
    ServiceProcess worker =
        ServiceProcess.start(
            Map.of(
                "ROLE",
                "worker",
                "ENGINE",
                "auto",
                "ENGINE_SLOTS",
                "2",
                "DATA_DIR",
                dataDir.toString(),
                "DATABASE_URL",
                shared.getDatabase().getUrl(),
                "TEMPORAL_ADDRESS",
                shared.getTemporal().getAddress()),
            ServiceProcess.freePort(),
            ServiceProcess.freePort(),
            dataDir.resolve(logName));
    workers.add(worker);
    return worker;
  }
}
