package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.coachtrack.activities.testing.Tmpfs;
import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole application on a DATA_DIR that is a real 4 MB file system (tmpfs), with {@code
 * MIN_FREE_MB=1}, filled to order. The database lives elsewhere, as in production. What coaches
 * get: 507 for uploads the disk has no room for, whatever the client says of the size, with nothing
 * left behind; a decode that runs out of disk fails as a retryable {@code storage_error} (never
 * {@code corrupt_audio}) which Retry gets past once there is room. What operators get: the {@code
 * disk} health check and the {@code disk.free-mb} gauge.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullDiskTest {
  private static final long MB = 1024 * 1024;
  private static final String COACH = "coach-full-disk";
  private static final Tmpfs DISK = Tmpfs.mount(4 * MB).orElse(null);
  private static final EmbeddedPostgres POSTGRES;

  static {
    try {
      POSTGRES = EmbeddedPostgres.builder().start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app(
          "auto",
          DISK != null ? DISK.dir() : TestApps.tempDir(),
          ConfigOverride.config("minFreeMb", "1"),
          ConfigOverride.config("database.url", POSTGRES.getJdbcUrl("postgres", "postgres")),
          ConfigOverride.config("database.user", "postgres"));

  private static ApiClient api;
  private Path filler;

  @BeforeAll
  static void connect() {
    api = new ApiClient(APP.getLocalPort());
  }

  @AfterAll
  static void release() throws IOException {
    if (DISK != null) {
      DISK.close();
    }
    POSTGRES.close();
  }

  @BeforeEach
  void needsTheSmallDisk() throws IOException {
    assumeTrue(DISK != null, "mounting a tmpfs needs root");
    assertThat(DISK.isMounted()).as("the 4 MB tmpfs is still mounted").isTrue();
    assertThat(Path.of(APP.getConfiguration().getDataDir())).as("DATA_DIR").isEqualTo(DISK.dir());
    if (filler != null) {
      Files.deleteIfExists(filler);
    }
  }

  @Test
  @Order(1)
  void anUploadThatWouldLeaveLessThanMinFreeIsRefusedBeforeItIsRead() throws IOException {
    filler = DISK.fillLeaving(MB + 400 * 1024); // librivox.wav is 791 KB
    try {
      HttpResponse<String> refused =
          api.upload(COACH, TestApps.audio("librivox.wav"), "librivox.wav", null);

      assertRefusedForLackOfRoom(refused);
    } finally {
      Files.delete(filler);
    }
  }

  @Test
  @Order(2)
  void aChunkedUploadOfUnknownSizeIsStoppedAsItStreamsIn() throws IOException {
    filler = DISK.fillLeaving(MB + 400 * 1024);
    try {
      HttpResponse<String> refused =
          api.uploadBytes(
              COACH,
              Files.readAllBytes(TestApps.audio("librivox.wav")),
              "librivox.wav",
              null,
              true);

      assertRefusedForLackOfRoom(refused);
    } finally {
      Files.delete(filler);
    }
  }

  @Test
  @Order(3)
  void healthTurnsUnhealthyAndTheGaugeShowsItWhileTheDiskIsBelowMinFree() throws IOException {
    filler = DISK.fillLeaving(512 * 1024);
    try {
      HttpResponse<String> health = admin("/healthcheck");
      assertThat(health.statusCode()).isEqualTo(500);
      JsonNode disk = ApiClient.json(health).get("disk");
      assertThat(disk.get("healthy").asBoolean()).isFalse();
      assertThat(disk.get("message").asText())
          .contains("0 MB free", "MIN_FREE_MB 1", "uploads are refused with 507");
      assertThat(gauge("disk.free-mb")).isZero();
      assertThat(gauge("disk.min-free-mb")).isEqualTo(1);
    } finally {
      Files.delete(filler);
    }
    JsonNode recovered = ApiClient.json(admin("/healthcheck")).get("disk");
    assertThat(recovered.get("healthy").asBoolean()).as(recovered.toString()).isTrue();
    assertThat(gauge("disk.free-mb")).isBetween(2L, 4L);
  }

  @Test
  @Order(4)
  void decodingOntoAFullDiskFailsAsARetryableStorageErrorThatRetryGetsPast() throws IOException {
    // Room for a coaching.mp3 upload (646 KB) and the 1 MB reserve, not for its 2.6 MB of decoded
    // audio. One session at a time: a decode that runs out of room fills the disk to the last byte
    // until it gives up, and an upload meanwhile would rightly be refused.
    filler = DISK.fillLeaving(2 * MB + 512 * 1024);
    String deleted = failsForLackOfRoom(upload("coaching.mp3"));

    // The coach deletes it instead of retrying: its run, waiting for a Retry, ends cleanly first.
    HttpResponse<String> gone =
        api.send(api.request("/api/v1/sessions/" + deleted, COACH).DELETE().build());
    assertThat(gone.statusCode()).as(gone.body()).isEqualTo(204);
    assertThat(sessionDir(deleted)).doesNotExist();
    assertThat(runStatus(deleted))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);

    String retried = failsForLackOfRoom(upload("coaching.mp3"));

    // The operator frees space; the coach presses Retry; the same file decodes.
    Files.delete(filler);
    HttpResponse<String> retry = api.post("/api/v1/sessions/" + retried + "/retry", COACH);
    assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
    api.pollUntil(
        retried, COACH, Duration.ofMinutes(2), s -> s.get("status").asText().equals("processing"));
    assertThat(sessionDir(retried).resolve("audio.pcm")).exists();

    // A final state gives the decoded audio back; the upload stays (until retention).
    HttpResponse<String> cancelled = api.post("/api/v1/sessions/" + retried + "/cancel", COACH);
    assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(202);
    api.pollUntil(
        retried, COACH, Duration.ofSeconds(30), s -> s.get("status").asText().equals("cancelled"));
    awaitGone(sessionDir(retried).resolve("audio.pcm"));
    assertThat(sessionDir(retried).resolve("upload")).exists();
  }

  private static String failsForLackOfRoom(String id) {
    JsonNode failed =
        api.pollUntil(
            id, COACH, Duration.ofMinutes(3), s -> s.get("status").asText().equals("failed"));
    JsonNode error = failed.get("error");
    assertThat(error.get("code").asText()).isEqualTo("storage_error");
    assertThat(error.get("retryable").asBoolean()).isTrue();
    assertThat(error.get("next_steps").asText()).contains("our side", "Retry");
    assertThat(failed.get("can_retry").asBoolean()).isTrue();
    assertThat(errorDetail(id)).contains("No space left on device");
    assertThat(namesIn(sessionDir(id))).as("no partial decode left").containsExactly("upload");
    return id;
  }

  private static String upload(String file) {
    HttpResponse<String> created = api.upload(COACH, TestApps.audio(file), file, "Full disk");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return ApiClient.json(created).get("session_id").asText();
  }

  private static Path sessionDir(String id) {
    return DISK.dir().resolve("sessions").resolve(id);
  }

  private static WorkflowExecutionStatus runStatus(String id) {
    WorkflowServiceStubs temporal =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(APP.getConfiguration().getTemporal().getAddress())
                .build());
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      WorkflowExecutionStatus status;
      do {
        status =
            temporal
                .blockingStub()
                .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(APP.getConfiguration().getTemporal().getNamespace())
                        .setExecution(
                            WorkflowExecution.newBuilder().setWorkflowId("transcription-" + id))
                        .build())
                .getWorkflowExecutionInfo()
                .getStatus();
        ApiClient.sleep(100);
      } while (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
          && System.nanoTime() < deadline);
      return status;
    } finally {
      temporal.shutdownNow();
    }
  }

  private void assertRefusedForLackOfRoom(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(507);
    assertThat(response.headers().firstValue("Retry-After")).hasValue("600");
    JsonNode body = ApiClient.json(response);
    assertThat(body.get("error").asText()).isEqualTo("insufficient_storage");
    assertThat(body.get("message").asText())
        .contains("on our side", "Nothing is wrong with your file", "10 minutes");
    assertThat(sessionRows()).as("session rows").isZero();
    assertThat(namesIn(DISK.dir().resolve("incoming"))).as("partial uploads").isEmpty();
    assertThat(namesIn(DISK.dir().resolve("sessions"))).as("stored files").isEmpty();
  }

  private static HttpResponse<String> admin(String path) {
    ApiClient admin = new ApiClient(APP.getAdminPort());
    return admin.get(path, null);
  }

  private static long gauge(String name) {
    return ApiClient.json(admin("/metrics")).get("gauges").get(name).get("value").asLong();
  }

  private static void awaitGone(Path file) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Files.exists(file) && System.nanoTime() < deadline) {
      ApiClient.sleep(100);
    }
    assertThat(file).doesNotExist();
  }

  private static List<String> namesIn(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long sessionRows() {
    return query("SELECT count(*) FROM transcription_session WHERE coach_id = ?", COACH)
        .get(0)
        .transform(Long::parseLong);
  }

  private static String errorDetail(String id) {
    return query("SELECT error_detail FROM transcription_session WHERE id = ?::uuid", id).get(0);
  }

  private static List<String> query(String sql, String parameter) {
    try (Connection connection = POSTGRES.getPostgresDatabase().getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, parameter);
      try (ResultSet rows = statement.executeQuery()) {
        List<String> values = new java.util.ArrayList<>();
        while (rows.next()) {
          values.add(rows.getString(1));
        }
        return values;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
