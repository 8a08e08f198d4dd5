package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpResponse;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A status poll answers the same way whichever entry point takes it: the servlet filter before
 * Jersey (the default) or Jersey's resource ({@code status.fastPath: false}); both run {@code
 * StatusPoll}. Each app is API-only, so its sessions stay pending. (Commands dropping the cached
 * answer: BrowserTest's cancel and retry, and StatusCacheTest.)
 */
class StatusPollsTest {

  @Nested
  @ExtendWith(DropwizardExtensionsSupport.class)
  class FastPath extends Polls {
    static final DropwizardAppExtension<TranscriptionConfiguration> APP =
        TestApps.app("auto", ConfigOverride.config("role", "api"));

    FastPath() {
      super(APP);
    }
  }

  @Nested
  @ExtendWith(DropwizardExtensionsSupport.class)
  class ThroughJersey extends Polls {
    static final DropwizardAppExtension<TranscriptionConfiguration> APP =
        TestApps.app(
            "auto",
            ConfigOverride.config("role", "api"),
            ConfigOverride.config("status.fastPath", "false"));

    ThroughJersey() {
      super(APP);
    }
  }

  abstract static class Polls {
    private static final String COACH = "coach-cached";
    private final DropwizardAppExtension<TranscriptionConfiguration> app;
    private final ApiClient api;

    Polls(DropwizardAppExtension<TranscriptionConfiguration> app) {
      this.app = app;
      this.api = new ApiClient(app.getLocalPort());
    }

    private String upload(String coach) {
      HttpResponse<String> created =
          api.upload(coach, TestApps.audio("librivox.wav"), "librivox.wav", null);
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      return ApiClient.json(created).get("session_id").asText();
    }

    /** Every poll, whichever entry point answered it, from the one timer StatusPoll keeps. */
    private long polls() {
      JsonNode metrics = ApiClient.json(new ApiClient(app.getAdminPort()).get("/metrics", null));
      return metrics
          .at("/timers/com.coachtrack.service.resources.SessionsResource.status/count")
          .asLong();
    }

    @Test
    void answersTheSessionsStatusAndCountsThePoll() {
      String id = upload(COACH);
      long before = polls();

      HttpResponse<String> lower = api.get("/api/v1/sessions/" + id + "/status", COACH);
      // An upper-case id names the same session.
      HttpResponse<String> upper =
          api.get("/api/v1/sessions/" + id.toUpperCase(Locale.ROOT) + "/status", COACH);

      assertThat(lower.statusCode()).isEqualTo(200);
      assertThat(upper.body()).isEqualTo(lower.body());
      assertThat(lower.headers().firstValue("ETag")).isPresent();
      assertThat(lower.headers().firstValue("Content-Type"))
          .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      JsonNode status = ApiClient.json(lower);
      assertThat(status.get("status").asText()).isEqualTo("pending");
      assertThat(status.get("session_id").asText()).isEqualTo(id);
      assertThat(polls()).isEqualTo(before + 2);
    }

    @Test
    void theEtagAnswers304() {
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
      assertThat(ApiClient.json(anonymous).get("error").asText()).isEqualTo("unauthenticated");
    }

    @Test
    void malformedIdsAreRefusedWithJson() {
      for (String id : new String[] {"not-a-uuid", "1b4e28ba2fa111d2883f0016d3cca427"}) {
        HttpResponse<String> refused = api.get("/api/v1/sessions/" + id + "/status", COACH);
        assertThat(refused.statusCode()).as(id).isEqualTo(400);
        assertThat(ApiClient.json(refused).get("error").asText()).isEqualTo("invalid_session_id");
      }
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
}
