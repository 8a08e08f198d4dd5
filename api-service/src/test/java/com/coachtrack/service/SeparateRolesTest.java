package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The production shape: an API-only process and a separate worker-only process sharing one
 * database, one Temporal server and one storage. Uploads wait as pending until a worker exists,
 * then complete.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class SeparateRolesTest {
  private static final String COACH = "coach-roles";
  static final DropwizardAppExtension<TranscriptionConfiguration> API =
      TestApps.app("auto", ConfigOverride.config("role", "api"));
  private static DropwizardTestSupport<TranscriptionConfiguration> worker;
  private static ApiClient api;

  @BeforeAll
  static void client() {
    api = new ApiClient(API.getLocalPort());
  }

  @AfterAll
  static void stopWorker() {
    if (worker != null) {
      worker.after();
    }
  }

  @Test
  void theApiQueuesAndASeparateWorkerTranscribes() throws Exception {
    HttpResponse<String> created =
        api.upload(COACH, TestApps.audio("librivox.wav"), "librivox.wav", null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = ApiClient.json(created).get("session_id").asText();
    ApiClient.sleep(3000);
    JsonNode queued = api.status(id, COACH);
    assertThat(queued.get("status").asText()).isEqualTo("pending");
    assertThat(queued.get("queue_position").asInt()).isEqualTo(1);
    assertThat(queued.get("message").asText()).isNotBlank();
    HttpResponse<String> notYet =
        api.send(api.request("/api/v1/sessions/" + id, COACH).DELETE().build());
    assertThat(notYet.statusCode()).as("a pending session cannot be deleted").isEqualTo(409);
    assertThat(ApiClient.json(notYet).get("error").asText()).isEqualTo("not_final");

    TranscriptionConfiguration shared = API.getConfiguration();
    worker =
        new DropwizardTestSupport<>(
            TranscriptionApplication.class,
            ResourceHelpers.resourceFilePath("test.yml"),
            ConfigOverride.config("role", "worker"),
            ConfigOverride.config("engine", "auto"),
            ConfigOverride.config("dataDir", shared.getDataDir()),
            ConfigOverride.config("database.url", shared.getDatabase().getUrl()),
            ConfigOverride.config("temporal.address", shared.getTemporal().getAddress()),
            ConfigOverride.config("logging.level", "WARN"));
    worker.before();

    JsonNode done =
        api.pollUntil(
            id,
            COACH,
            Duration.ofMinutes(5),
            s -> s.get("status").asText().matches("completed|failed"));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");

    ApiClient workerAdmin = new ApiClient(worker.getAdminPort());
    assertThat(workerAdmin.get("/healthcheck", null).statusCode()).isEqualTo(200);
    assertThat(workerAdmin.get("/healthcheck", null).body()).contains("engine", "temporal");
    HttpResponse<String> noApi =
        new ApiClient(worker.getLocalPort()).get("/api/v1/sessions", COACH);
    assertThat(noApi.statusCode()).isEqualTo(404);
    assertThat(ApiClient.json(noApi).get("error").asText()).isEqualTo("not_found");
    assertThat(ApiClient.json(new ApiClient(API.getAdminPort()).get("/metrics", null)).toString())
        .contains("sessions.completed");
  }
}
