package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Status polls answered by {@code StatusPollFilter} (past Jersey) are the very answers the resource
 * gives: same bytes, same ETag and 304s, the same coach check and rate limit; errors are Jersey's.
 * An API-only app: the sessions stay pending, nothing else moves them. (Commands dropping the
 * cached answer: BrowserTest's cancel and retry, and StatusCacheTest.)
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class StatusPollsTest {
  private static final String COACH = "coach-cached";
  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app("auto", ConfigOverride.config("role", "api"));
  private static ApiClient api;

  @BeforeAll
  static void connect() {
    api = new ApiClient(APP.getLocalPort());
  }

  private static String upload(String coach) {
    HttpResponse<String> created =
        api.upload(coach, TestApps.audio("librivox.wav"), "librivox.wav", null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return ApiClient.json(created).get("session_id").asText();
  }

  /** Polls answered by the filter, from the timer it keeps. */
  private static long filterAnswers() {
    JsonNode metrics = ApiClient.json(new ApiClient(APP.getAdminPort()).get("/metrics", null));
    return metrics
        .at("/timers/com.coachtrack.service.resources.SessionsResource.status-polls/count")
        .asLong();
  }

  @Test
  void theFilterAndTheResourceGiveTheSameAnswer() {
    String id = upload(COACH);
    long filteredBefore = filterAnswers();

    // An upper-case id is valid but not the filter's canonical form: Jersey's resource answers it.
    HttpResponse<String> viaResource =
        api.get("/api/v1/sessions/" + id.toUpperCase(Locale.ROOT) + "/status", COACH);
    HttpResponse<String> viaFilter = api.get("/api/v1/sessions/" + id + "/status", COACH);

    assertThat(viaResource.statusCode()).isEqualTo(200);
    assertThat(viaFilter.statusCode()).isEqualTo(200);
    assertThat(viaFilter.body()).isEqualTo(viaResource.body());
    assertThat(viaFilter.headers().firstValue("ETag"))
        .isEqualTo(viaResource.headers().firstValue("ETag"))
        .isPresent();
    assertThat(viaFilter.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(ApiClient.json(viaFilter).get("status").asText()).isEqualTo("pending");
    assertThat(filterAnswers()).isEqualTo(filteredBefore + 1);
  }

  @Test
  void theEtagAnswers304FromTheCacheAsFromTheResource() {
    String id = upload(COACH);
    String path = "/api/v1/sessions/" + id + "/status";
    String etag = api.get(path, COACH).headers().firstValue("ETag").orElseThrow();

    for (String ifNoneMatch : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
      HttpResponse<String> unchanged =
          api.send(api.request(path, COACH).header("If-None-Match", ifNoneMatch).GET().build());
      assertThat(unchanged.statusCode()).as(ifNoneMatch).isEqualTo(304);
      assertThat(unchanged.headers().firstValue("ETag")).hasValue(etag);
      assertThat(unchanged.body()).isEmpty();
    }
    HttpResponse<String> changed =
        api.send(api.request(path, COACH).header("If-None-Match", "\"other\"").GET().build());
    assertThat(changed.statusCode()).isEqualTo(200);
  }

  @Test
  void anotherCoachNeverGetsACachedAnswer() {
    String id = upload(COACH);
    String path = "/api/v1/sessions/" + id + "/status";
    assertThat(api.get(path, COACH).statusCode()).isEqualTo(200);

    HttpResponse<String> stranger = api.get(path, "someone-else");
    HttpResponse<String> anonymous = api.get(path, null);

    assertThat(stranger.statusCode()).isEqualTo(404);
    assertThat(ApiClient.json(stranger).get("error").asText()).isEqualTo("session_not_found");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(ApiClient.json(anonymous).get("error").asText()).isEqualTo("missing_coach_id");
  }

  @Test
  void cachedAnswersCountAgainstTheCoachsRateLimit() {
    String coach = "coach-cached-hammering";
    String path = "/api/v1/sessions/" + upload(coach) + "/status";
    HttpResponse<String> last = api.get(path, coach);
    for (int i = 0; i < 200 && last.statusCode() == 200; i++) {
      last = api.get(path, coach);
    }

    assertThat(last.statusCode()).as("a 429 within 200 back-to-back polls").isEqualTo(429);
    assertThat(last.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(ApiClient.json(last).get("error").asText()).isEqualTo("too_many_requests");
  }
}
