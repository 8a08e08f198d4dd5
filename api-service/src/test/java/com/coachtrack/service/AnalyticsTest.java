package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.nio.file.Paths;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The analytics against the real application: sessions transcribed for real (two readings of
 * librivox.wav and a silent recording that fails with no_speech) and history rows with known times,
 * each number checked against the rows that produced it; who sees what; range validation; and the
 * Prometheus scrape of the admin port.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class AnalyticsTest {
  private static final String COACH = "coach-analytics";
  private static final String OTHER = "coach-analytics-other";
  private static final String HISTORY = "coach-history";
  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app("auto", ConfigOverride.config("analytics.queueSampleEvery", "1 second"));
  private static ApiClient api;
  private static Jdbi db;
  private static List<String> sessions;

  @BeforeAll
  static void transcribeForReal() {
    api = new ApiClient(APP.getLocalPort());
    var database = APP.getConfiguration().getDatabase();
    db = Jdbi.create(database.getUrl(), database.getUser(), database.getPassword());
    sessions = new ArrayList<>();
    for (String file : List.of("librivox.wav", "librivox.wav", "bad/silence-30s.wav")) {
      HttpResponse<String> created = api.upload(COACH, TestApps.audio(file), "a.wav", null);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      sessions.add(ApiClient.json(created).get("session_id").asText());
    }
    for (String id : sessions) {
      api.pollUntil(
          id,
          COACH,
          Duration.ofMinutes(8),
          s -> List.of("completed", "failed").contains(s.get("status").asText()));
    }
  }

  @Test
  void theCoachsNumbersAreThoseOfTheSessionsThatProducedThem() {
    List<Map<String, Object>> rows =
        db.withHandle(
            h ->
                h.createQuery(
                        """
                        SELECT id::text AS id, status, error_code, engine, duration_total, created_at,
                               finished_at, processing_seconds, eta_at_start, eta_at_start_made_at,
                               eta_at_half, eta_at_half_made_at
                          FROM transcription_session WHERE coach_id = :coach
                        """)
                    .bind("coach", COACH)
                    .mapToMap()
                    .list());
    List<Map<String, Object>> done =
        rows.stream().filter(r -> r.get("status").equals("completed")).toList();
    assertThat(done).as("both readings transcribed: %s", rows).hasSize(2);
    Map<String, Object> failed =
        rows.stream().filter(r -> r.get("status").equals("failed")).findFirst().orElseThrow();
    assertThat(failed.get("error_code")).isEqualTo("no_speech");

    JsonNode view = analytics("", COACH);
    assertThat(view.get("scope").asText()).isEqualTo("mine");
    assertThat(view.get("time_zone").asText()).isEqualTo("UTC");
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    assertThat(view.get("to").asText()).isEqualTo(today.toString());
    assertThat(view.get("weeks")).hasSize(12);
    assertThat(view.has("engines") && !view.get("engines").isNull()).isFalse();

    double audio = done.stream().mapToDouble(r -> num(r, "duration_total")).sum();
    List<Double> turnaround = new ArrayList<>();
    List<Double> processing = new ArrayList<>();
    List<Double> startErrors = new ArrayList<>();
    List<Double> halfErrors = new ArrayList<>();
    int[] start = new int[2];
    int[] half = new int[2];
    for (Map<String, Object> r : done) {
      double length = num(r, "duration_total");
      Instant finished = instant(r, "finished_at");
      turnaround.add(seconds(instant(r, "created_at"), finished) / length * 60);
      processing.add(num(r, "processing_seconds") / length * 60);
      // What the coach was told is recorded for every run that reported progress.
      assertThat(instant(r, "eta_at_start")).as("eta_at_start of %s", r.get("id")).isNotNull();
      error(r, "eta_at_start", finished, startErrors, start);
      error(r, "eta_at_half", finished, halfErrors, half);
    }
    JsonNode totals = view.get("totals");
    assertThat(totals.get("recordings").asInt()).isEqualTo(2);
    assertThat(totals.get("audio_hours").asDouble()).isEqualTo(round(audio / 3600, 4));
    assertThat(totals.get("failed").asInt()).isEqualTo(1);
    assertThat(totals.get("cancelled").asInt()).isZero();
    assertThat(totals.get("median_turnaround_minutes_per_audio_hour").asDouble())
        .isEqualTo(round(mean(turnaround), 1));
    assertThat(totals.get("median_processing_minutes_per_audio_hour").asDouble())
        .isEqualTo(round(mean(processing), 1));

    JsonNode atStart = view.at("/estimates/at_start");
    assertThat(atStart.get("sessions").asInt()).isEqualTo(2);
    assertThat(atStart.get("median_error_percent").asDouble())
        .isEqualTo(round(mean(startErrors), 1));
    assertThat(atStart.get("p90_error_percent").asDouble())
        .isEqualTo(round(Math.max(startErrors.get(0), startErrors.get(1)), 1));
    assertThat(atStart.get("early").asInt()).isEqualTo(start[0]);
    assertThat(atStart.get("late").asInt()).isEqualTo(start[1]);
    JsonNode atHalf = view.at("/estimates/at_half");
    assertThat(atHalf.get("sessions").asInt()).isEqualTo(halfErrors.size());
    assertThat(atHalf.get("early").asInt()).isEqualTo(half[0]);
    assertThat(atHalf.get("late").asInt()).isEqualTo(half[1]);

    assertThat(view.get("failures")).hasSize(1);
    assertThat(view.at("/failures/0/code").asText()).isEqualTo("no_speech");
    assertThat(view.at("/failures/0/count").asInt()).isEqualTo(1);
    assertThat(view.at("/failures/0/message").asText())
        .isEqualTo("We found no speech in this recording.");

    // Each session counts in the week it finished.
    Map<String, Integer> recordingsByWeek = new HashMap<>();
    for (Map<String, Object> r : done) {
      recordingsByWeek.merge(monday(instant(r, "finished_at")), 1, Integer::sum);
    }
    for (JsonNode week : view.get("weeks")) {
      assertThat(week.get("recordings").asInt())
          .as("week of %s", week.get("week_start").asText())
          .isEqualTo(recordingsByWeek.getOrDefault(week.get("week_start").asText(), 0));
    }
  }

  @Test
  void anotherCoachSeesNothingOfThem() {
    JsonNode view = analytics("", OTHER);
    assertThat(view.at("/totals/recordings").asInt()).isZero();
    assertThat(view.at("/totals/failed").asInt()).isZero();
    assertThat(view.at("/totals/audio_hours").asDouble()).isZero();
    assertThat(view.at("/estimates/at_start/sessions").asInt()).isZero();
    assertThat(view.get("failures")).isEmpty();
    for (JsonNode week : view.get("weeks")) {
      assertThat(week.get("recordings").asInt()).isZero();
    }
  }

  @Test
  void operatorsSeeEveryCoachWithEngineSpeedAndQueueDepth() {
    JsonNode view = analyticsAsOperator("?scope=all", OTHER);
    assertThat(view.get("scope").asText()).isEqualTo("all");
    assertThat(view.at("/totals/recordings").asInt()).isEqualTo(2);
    assertThat(view.at("/totals/failed").asInt()).isEqualTo(1);

    List<Map<String, Object>> done =
        db.withHandle(
            h ->
                h.createQuery(
                        "SELECT engine, duration_total, processing_seconds, finished_at"
                            + " FROM transcription_session WHERE status = 'completed'")
                    .mapToMap()
                    .list());
    String engine = (String) done.get(0).get("engine");
    JsonNode engines = view.get("engines");
    assertThat(engines).hasSize(1);
    assertThat(engines.at("/0/engine").asText()).isEqualTo(engine);
    JsonNode thisWeek = null;
    for (JsonNode week : engines.at("/0/weeks")) {
      if (week.get("week_start").asText().equals(monday(instant(done.get(0), "finished_at")))) {
        thisWeek = week;
      }
    }
    assertThat(thisWeek).isNotNull();
    double expected =
        mean(
            done.stream()
                .map(r -> num(r, "processing_seconds") / num(r, "duration_total"))
                .toList());
    if (monday(instant(done.get(0), "finished_at"))
        .equals(monday(instant(done.get(1), "finished_at")))) {
      assertThat(thisWeek.get("sessions").asInt()).isEqualTo(2);
      assertThat(thisWeek.get("median_seconds_per_audio_second").asDouble())
          .isEqualTo(round(expected, 3));
      assertThat(thisWeek.get("median_engine_seconds_per_audio_second").isNumber()).isTrue();
    }

    // Sampled every second while the recordings waited and ran.
    JsonNode queue = view.get("queue");
    assertThat(queue.get("bucket").asText()).isEqualTo("day");
    assertThat(queue.get("points")).isNotEmpty();
    int samples = 0;
    int mostProcessing = 0;
    for (JsonNode point : queue.get("points")) {
      samples += point.get("samples").asInt();
      mostProcessing = Math.max(mostProcessing, point.get("max_processing").asInt());
    }
    assertThat(samples).isGreaterThan(5);
    assertThat(mostProcessing).isBetween(1, 3);
  }

  @Test
  void everyoneIsForOperatorsOnly() {
    HttpResponse<String> refused = api.get("/api/v1/analytics?scope=all", COACH);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(ApiClient.json(refused).get("error").asText()).isEqualTo("operators_only");
    assertThat(refused.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/json");
  }

  @Test
  void withoutACredentialThereIsNothing() {
    HttpResponse<String> refused = api.get("/api/v1/analytics", null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(ApiClient.json(refused).get("error").asText()).isEqualTo("unauthenticated");
  }

  @ParameterizedTest
  @CsvSource({
    "?from=last-week, invalid_date",
    "?to=2026-02-30, invalid_date",
    "?from=2026-11-10&to=2026-11-09, invalid_range",
    "?from=2023-01-01&to=2025-12-31, range_too_long",
    "?scope=everyone, invalid_scope"
  })
  void aBadRangeIsA400WithAJsonBody(String query, String code) {
    HttpResponse<String> refused = api.get("/api/v1/analytics" + query, COACH);
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(ApiClient.json(refused).get("error").asText()).isEqualTo(code);
    assertThat(ApiClient.json(refused).get("message").asText()).isNotBlank();
  }

  /**
   * History rows with known times (as the status writer leaves them), two weeks in March 2025: the
   * numbers are worked out by hand.
   */
  @Nested
  class KnownHistory {
    @BeforeAll
    static void insertHistory() {
      // 30 min of audio, 09:00 → 10:00 (120 min per audio hour), 15 min processing (30); told
      // 09:50 at 09:10: 10 min off the 50 that remained, 20 %, late.
      outcome(
          HISTORY,
          "completed",
          null,
          1800,
          "2025-03-03T09:00:00Z",
          "2025-03-03T10:00:00Z",
          900,
          "2025-03-03T09:50:00Z",
          "2025-03-03T09:10:00Z");
      // 60 min of audio, 08:00 → 09:30 (90), 60 min processing (60); told 09:00 at 08:00: 30 off
      // 90, 33.3 %, late.
      outcome(
          HISTORY,
          "completed",
          null,
          3600,
          "2025-03-05T08:00:00Z",
          "2025-03-05T09:30:00Z",
          3600,
          "2025-03-05T09:00:00Z",
          "2025-03-05T08:00:00Z");
      // 10 min of audio, 30 min turnaround (180), 20 min processing (120); told 12:20 at 12:10:
      // done 12:30, 10 off 20, 50 %, late.
      outcome(
          HISTORY,
          "completed",
          null,
          600,
          "2025-03-10T12:00:00Z",
          "2025-03-10T12:30:00Z",
          1200,
          "2025-03-10T12:20:00Z",
          "2025-03-10T12:10:00Z");
      outcome(
          HISTORY,
          "failed",
          "no_speech",
          60,
          "2025-03-04T09:00:00Z",
          "2025-03-04T09:01:00Z",
          10,
          null,
          null);
      outcome(
          HISTORY,
          "failed",
          "worker_lost",
          60,
          "2025-03-11T09:00:00Z",
          "2025-03-11T09:30:00Z",
          10,
          null,
          null);
      outcome(
          HISTORY,
          "failed",
          "worker_lost",
          60,
          "2025-03-12T09:00:00Z",
          "2025-03-12T09:30:00Z",
          10,
          null,
          null);
      outcome(
          HISTORY,
          "cancelled",
          null,
          60,
          "2025-03-13T09:00:00Z",
          "2025-03-13T09:30:00Z",
          10,
          null,
          null);
      // Another coach the same weeks, and the coach's own a day after the range.
      outcome(
          OTHER,
          "completed",
          null,
          7200,
          "2025-03-06T08:00:00Z",
          "2025-03-06T10:00:00Z",
          3600,
          null,
          null);
      outcome(
          HISTORY,
          "completed",
          null,
          60,
          "2025-03-16T23:00:00Z",
          "2025-03-17T00:00:00Z",
          60,
          null,
          null);
      db.useHandle(
          h -> {
            for (int minute = 0; minute < 3; minute++) {
              h.execute(
                  "INSERT INTO queue_sample (sampled_at, pending, processing,"
                      + " audio_seconds_waiting) VALUES (?, ?, ?, ?)",
                  Timestamp.from(Instant.parse("2025-03-05T08:00:00Z").plusSeconds(60L * minute)),
                  minute * 2,
                  1,
                  1800.0 * minute);
            }
          });
    }

    @Test
    void weeksTotalsEstimatesAndFailuresAreExact() {
      JsonNode view = analytics("?from=2025-03-03&to=2025-03-16", HISTORY);
      assertThat(view.get("from").asText()).isEqualTo("2025-03-03");
      assertThat(view.get("to").asText()).isEqualTo("2025-03-16");
      JsonNode weeks = view.get("weeks");
      assertThat(weeks).hasSize(2);
      assertThat(weeks.get(0).toString())
          .isEqualTo(
              "{\"week_start\":\"2025-03-03\",\"recordings\":2,\"audio_hours\":1.5,\"failed\":1,"
                  + "\"cancelled\":0,\"median_turnaround_minutes_per_audio_hour\":105.0,"
                  + "\"median_processing_minutes_per_audio_hour\":45.0}");
      assertThat(weeks.get(1).toString())
          .isEqualTo(
              "{\"week_start\":\"2025-03-10\",\"recordings\":1,\"audio_hours\":0.1667,\"failed\":2,"
                  + "\"cancelled\":1,\"median_turnaround_minutes_per_audio_hour\":180.0,"
                  + "\"median_processing_minutes_per_audio_hour\":120.0}");
      assertThat(view.get("totals").toString())
          .isEqualTo(
              "{\"recordings\":3,\"audio_hours\":1.6667,\"failed\":3,\"cancelled\":1,"
                  + "\"median_turnaround_minutes_per_audio_hour\":120.0,"
                  + "\"median_processing_minutes_per_audio_hour\":60.0}");
      // 20, 33.3, 50: median 33.3, p90 50; all three finished after they were told.
      assertThat(view.at("/estimates/at_start").toString())
          .isEqualTo(
              "{\"sessions\":3,\"median_error_percent\":33.3,\"p90_error_percent\":50.0,"
                  + "\"early\":0,\"late\":3}");
      assertThat(view.at("/estimates/at_half/sessions").asInt()).isZero();
      assertThat(view.get("failures").toString())
          .isEqualTo(
              "[{\"code\":\"worker_lost\",\"count\":2,\"message\":\"The machine transcribing your"
                  + " session went away.\"},{\"code\":\"no_speech\",\"count\":1,\"message\":\"We"
                  + " found no speech in this recording.\"}]");
    }

    @Test
    void theOtherCoachSeesOnlyTheirOwnAndTheOperatorSeesBoth() {
      JsonNode other = analytics("?from=2025-03-03&to=2025-03-16", OTHER);
      assertThat(other.at("/totals/recordings").asInt()).isEqualTo(1);
      assertThat(other.at("/totals/audio_hours").asDouble()).isEqualTo(2.0);
      assertThat(other.at("/totals/failed").asInt()).isZero();

      JsonNode all = analyticsAsOperator("?scope=all&from=2025-03-03&to=2025-03-16", HISTORY);
      assertThat(all.at("/totals/recordings").asInt()).isEqualTo(4);
      assertThat(all.at("/totals/audio_hours").asDouble()).isEqualTo(3.6667);
      // 60, 120, 90, 180 → 105
      assertThat(all.at("/totals/median_turnaround_minutes_per_audio_hour").asDouble())
          .isEqualTo(105.0);
      assertThat(all.at("/engines/0/weeks/0/sessions").asInt()).isEqualTo(3);
      // 0.5, 1.0, 0.5 seconds per audio second
      assertThat(all.at("/engines/0/weeks/0/median_seconds_per_audio_second").asDouble())
          .isEqualTo(0.5);
      assertThat(all.at("/queue/bucket").asText()).isEqualTo("hour");
      assertThat(all.at("/queue/points").toString())
          .isEqualTo(
              "[{\"at\":\"2025-03-05T08:00:00Z\",\"samples\":3,\"max_pending\":4,"
                  + "\"mean_pending\":2.0,\"max_processing\":1,\"max_audio_hours_waiting\":1.0}]");
    }
  }

  @Test
  void prometheusScrapeOfTheAdminPortHasTheOperatorsMetrics() {
    analytics("", COACH);
    ApiClient admin = new ApiClient(APP.getAdminPort());
    HttpResponse<String> scrape = admin.get("/prometheus", null);
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/plain; version=0.0.4");
    Map<String, Double> samples = new HashMap<>();
    for (String line : scrape.body().split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      assertThat(space).as(line).isPositive();
      samples.put(line.substring(0, space), Double.valueOf(line.substring(space + 1)));
    }
    assertThat(samples.get("jvm_memory_heap_used"))
        .as("%s", samples.keySet().stream().filter(k -> k.startsWith("jvm")).sorted().toList())
        .isPositive();
    assertThat(samples.get("engine_slots")).isEqualTo(2.0);
    assertThat(samples.get("engine_slots_in_use")).isBetween(0.0, 2.0);
    assertThat(samples).containsKeys("sessions_pending", "sessions_processing", "sessions_stalled");
    assertThat(samples.get("sessions_completed") + samples.get("sessions_failed"))
        .as("the gauges are read from the database")
        .isGreaterThanOrEqualTo(0.0);
    assertThat(samples).containsKey("failures_no_speech");
    assertThat(
            samples.get("com_coachtrack_service_resources_SessionsResource_status_seconds_count"))
        .as("every status poll of the run")
        .isPositive();
    assertThat(
            samples.get(
                "com_coachtrack_service_resources_AnalyticsResource_analytics_seconds_count"))
        .isPositive();
    assertThat(
            samples.get(
                "com_coachtrack_service_resources_SessionsResource_status_seconds{quantile=\"0.99\"}"))
        .isNotNull();
    assertThat(samples.keySet())
        .anyMatch(key -> key.startsWith("engine_seconds_per_audio_second{key="));
    assertThat(samples.get("io_dropwizard_jetty_MutableServletContextHandler_2xx_responses_total"))
        .isPositive();
    assertThat(
            samples.get("io_dropwizard_jetty_MutableServletContextHandler_requests_seconds_count"))
        .isPositive();
  }

  /**
   * Every metric docs/grafana-dashboard.json queries is in a real scrape: the dashboard has no dead
   * panel.
   */
  @Test
  void everyMetricTheGrafanaDashboardQueriesIsScraped() throws IOException {
    String scrape = new ApiClient(APP.getAdminPort()).get("/prometheus", null).body();
    Set<String> families = new HashSet<>();
    for (String line : scrape.split("\n")) {
      if (!line.startsWith("#") && !line.isBlank()) {
        families.add(line.split("[{ ]", 2)[0]);
      }
    }
    JsonNode dashboard =
        new ObjectMapper().readTree(Paths.get("..", "docs", "grafana-dashboard.json").toFile());
    List<String> queried = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.get("targets")) {
        Matcher names =
            Pattern.compile("\\b[a-z][a-zA-Z0-9]*_[a-zA-Z0-9_]+\\b")
                .matcher(target.get("expr").asText());
        while (names.find()) {
          queried.add(names.group());
        }
      }
    }
    assertThat(queried)
        .contains(
            "sessions_pending",
            "engine_slots_in_use",
            "jvm_memory_heap_used",
            "queue_audio_hours_waiting",
            "disk_free_mb",
            "uploads_refused_quota_exceeded_total");
    assertThat(queried).allSatisfy(name -> assertThat(families).as(name).contains(name));
    assertThat(families).anyMatch(name -> name.startsWith("failures_"));
  }

  private static JsonNode analytics(String query, String coach) {
    HttpResponse<String> answer = api.get("/api/v1/analytics" + query, coach);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return ApiClient.json(answer);
  }

  /** As the signing-in proxy names an operator ({@code X-Coach-Role: operator}). */
  private static JsonNode analyticsAsOperator(String query, String coach) {
    HttpResponse<String> answer =
        api.send(
            api.request("/api/v1/analytics" + query, coach)
                .header("X-Coach-Role", "operator")
                .GET()
                .build());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return ApiClient.json(answer);
  }

  private static void outcome(
      String coach,
      String status,
      String code,
      double audioSeconds,
      String uploaded,
      String finished,
      double processing,
      String eta,
      String etaMade) {
    db.useHandle(
        h ->
            h.createUpdate(
                    """
                    INSERT INTO session_outcome (session_id, coach_id, engine, status, error_code,
                        attempt, audio_seconds, uploaded_at, started_at, finished_at,
                        processing_seconds, eta_at_start, eta_at_start_made_at)
                    VALUES (:id, :coach, 'history-engine', :status, :code, 1, :audio, :uploaded,
                        :uploaded, :finished, :processing, :eta, :etaMade)
                    """)
                .bind("id", UUID.randomUUID())
                .bind("coach", coach)
                .bind("status", status)
                .bind("code", code)
                .bind("audio", audioSeconds)
                .bind("uploaded", Instant.parse(uploaded))
                .bind("finished", Instant.parse(finished))
                .bind("processing", processing)
                .bind("eta", eta == null ? null : Instant.parse(eta))
                .bind("etaMade", etaMade == null ? null : Instant.parse(etaMade))
                .execute());
  }

  private static void error(
      Map<String, Object> row,
      String column,
      Instant finished,
      List<Double> errors,
      int[] earlyLate) {
    Instant eta = instant(row, column);
    Instant made = instant(row, column + "_made_at");
    if (eta == null) {
      return;
    }
    double remained = Duration.between(made, finished).toMillis();
    errors.add(100.0 * Math.abs(Duration.between(eta, finished).toMillis()) / remained);
    if (finished.isBefore(eta)) {
      earlyLate[0]++;
    } else if (finished.isAfter(eta)) {
      earlyLate[1]++;
    }
  }

  private static String monday(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC)
        .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
        .toString();
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private static double mean(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
  }

  private static double round(double value, int decimals) {
    return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
  }

  private static double num(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).doubleValue();
  }

  private static Instant instant(Map<String, Object> row, String column) {
    Object value = row.get(column);
    return value == null ? null : ((Timestamp) value).toInstant();
  }
}
