package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Per-coach quotas through the real API: 3.2 MB of stored recordings ({@code QUOTA_GB=0.003}) and
 * 126 s of audio a month ({@code QUOTA_AUDIO_HOURS_PER_MONTH=0.035}). A refusal is a 429 {@code
 * quota_exceeded} saying which quota, what is used, and what to do; deleting sessions frees storage
 * but not the month's hours. The uploads are 30 s of silence (960 KB), which end at once as {@code
 * no_speech}: final, so deletable, and no engine time spent.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class QuotaTest {
  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app(
          "auto",
          ConfigOverride.config("quotas.gb", "0.003"),
          ConfigOverride.config("quotas.audioHoursPerMonth", "0.035"));
  private static ApiClient api;

  @BeforeAll
  static void connect() {
    api = new ApiClient(APP.getLocalPort());
  }

  @Test
  void theStorageQuotaRefusesBeforeReadingAndDeletingASessionFreesIt() {
    String coach = "coach-storage-quota";
    List<String> ids = finishedSilences(coach, 3); // 2.75 MiB of the 3.07 MiB

    HttpResponse<String> refused = api.upload(coach, silence(), "silence.wav", null);

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    assertThat(refused.headers().firstValue("Retry-After")).isEmpty();
    JsonNode body = ApiClient.json(refused);
    assertThat(body.get("error").asText()).isEqualTo("quota_exceeded");
    assertThat(body.get("message").asText())
        .contains(
            "Your recordings take 0.003 GB of your 0.003 GB storage quota",
            "Delete sessions you no longer need");
    JsonNode quota = body.get("quota");
    assertThat(quota.get("kind").asText()).isEqualTo("storage");
    assertThat(quota.get("unit").asText()).isEqualTo("GB");
    assertThat(quota.get("limit").asDouble()).isEqualTo(0.003);
    assertThat(quota.get("used").asDouble()).isCloseTo(3 * 960_044 / GIB, within(1e-5));
    assertThat(quota.get("requested").asDouble()).isCloseTo(960_044 / GIB, within(1e-4));
    assertThat(quota.get("resets_at").isNull()).isTrue();
    assertThat(sessionRows(coach)).isEqualTo(3);

    assertThat(api.send(delete(ids.get(0), "someone-else")).statusCode())
        .as("another coach's session is no session")
        .isEqualTo(404);
    HttpResponse<String> deleted = api.send(delete(ids.get(0), coach));
    assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(204);
    assertThat(api.get("/api/v1/sessions/" + ids.get(0) + "/status", coach).statusCode())
        .isEqualTo(404);
    assertThat(api.send(delete(ids.get(0), coach)).statusCode()).isEqualTo(404);
    assertThat(dataDir().resolve("sessions").resolve(ids.get(0))).doesNotExist();
    assertThat(sessionRows(coach)).isEqualTo(2);

    created(api.upload(coach, silence(), "silence.wav", null));
  }

  @Test
  void theMonthlyAudioQuotaSaysWhenItStartsAgainAndDeletingDoesNotGiveHoursBack() {
    String coach = "coach-hours-quota";
    List<String> ids = finishedSilences(coach, 2); // 60 s of the 126 s

    HttpResponse<String> refused =
        api.upload(coach, TestApps.audio("coaching.mp3"), "coaching.mp3", null); // 80.7 s

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(429);
    Instant resetsAt =
        LocalDate.now(ZoneOffset.UTC)
            .withDayOfMonth(1)
            .plusMonths(1)
            .atStartOfDay(ZoneOffset.UTC)
            .toInstant();
    long untilReset = Duration.between(Instant.now(), resetsAt).toSeconds();
    assertThat(Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(untilReset - 60, untilReset + 60);
    JsonNode body = ApiClient.json(refused);
    assertThat(body.get("error").asText()).isEqualTo("quota_exceeded");
    assertThat(body.get("message").asText())
        .contains(
            "You have uploaded 0.017 hours of audio this month",
            "your quota is 0.035 hours a month",
            "this recording is 0.022 hours",
            "It starts again on "
                + DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH)
                    .format(resetsAt.atZone(ZoneOffset.UTC))
                + " (00:00 UTC)");
    JsonNode quota = body.get("quota");
    assertThat(quota.get("kind").asText()).isEqualTo("audio_hours_per_month");
    assertThat(quota.get("unit").asText()).isEqualTo("hours");
    assertThat(quota.get("limit").asDouble()).isEqualTo(0.035);
    assertThat(quota.get("used").asDouble()).isCloseTo(60.0 / 3600, within(1e-4));
    assertThat(quota.get("requested").asDouble()).isCloseTo(80.7 / 3600, within(1e-4));
    assertThat(Instant.parse(quota.get("resets_at").asText())).isEqualTo(resetsAt);
    assertThat(sessionRows(coach)).as("nothing kept of the refused upload").isEqualTo(2);

    assertThat(api.send(delete(ids.get(0), coach)).statusCode()).isEqualTo(204);
    assertThat(api.upload(coach, TestApps.audio("coaching.mp3"), "coaching.mp3", null).statusCode())
        .as("the engines already spent those hours")
        .isEqualTo(429);
  }

  /** Uploads of 30 s of silence, each ended by the worker as no_speech. */
  private static List<String> finishedSilences(String coach, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(created(api.upload(coach, silence(), "silence.wav", null)));
    }
    for (String id : ids) {
      api.pollUntil(
          id, coach, Duration.ofMinutes(1), s -> s.get("status").asText().equals("failed"));
    }
    return ids;
  }

  private static final double GIB = 1024.0 * 1024 * 1024;

  private static Path silence() {
    return TestApps.audio("bad/silence-30s.wav");
  }

  private static String created(HttpResponse<String> response) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return ApiClient.json(response).get("session_id").asText();
  }

  private static HttpRequest delete(String id, String coach) {
    return api.request("/api/v1/sessions/" + id, coach).DELETE().build();
  }

  private static Path dataDir() {
    return Paths.get(APP.getConfiguration().getDataDir());
  }

  private static long sessionRows(String coach) {
    var db = APP.getConfiguration().getDatabase();
    try (Connection connection =
            DriverManager.getConnection(db.getUrl(), db.getUser(), db.getPassword());
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT count(*) FROM transcription_session WHERE coach_id = ?")) {
      statement.setString(1, coach);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
