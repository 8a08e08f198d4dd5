package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each coach's notification choices, and the e-mail a session's end sends: the real application
 * (embedded PostgreSQL, Temporal's test server, the real engine) hands it to a real SMTP server in
 * this JVM (GreenMail), which is read back.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class NotificationsTest {
  private static final int SMTP_PORT = ServiceProcess.freePort();

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
          .withPerMethodLifecycle(false);

  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app(
          "auto",
          ConfigOverride.config("notifications.smtpUrl", "smtp://127.0.0.1:" + SMTP_PORT),
          ConfigOverride.config("auth.publicUrl", "https://coachtrack.example.org"));

  private static HttpResponse<String> put(String coach, String json) {
    ApiClient api = new ApiClient(APP.getLocalPort());
    return api.send(
        api.request("/api/v1/me/notifications", coach)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private static JsonNode get(String coach) {
    HttpResponse<String> answer =
        new ApiClient(APP.getLocalPort()).get("/api/v1/me/notifications", coach);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return ApiClient.json(answer);
  }

  @Test
  void theDefaultsAreEmailOnFailureAndOnCompletionOfRecordingsLongerThanTenMinutes() {
    JsonNode defaults = get("coach-defaults");
    assertThat(defaults.get("email_on_failure").asBoolean()).isTrue();
    assertThat(defaults.get("email_on_completion").asBoolean()).isTrue();
    assertThat(defaults.get("completion_min_minutes").asInt()).isEqualTo(10);
    assertThat(defaults.get("webhooks").asBoolean()).isTrue();
    assertThat(defaults.get("desktop_on_completion").asBoolean()).isTrue();
    // Behind the proxy there is no account, so no address until the coach gives one.
    assertThat(defaults.get("email").isNull()).isTrue();
    assertThat(defaults.get("email_to").isNull()).isTrue();
    assertThat(defaults.get("email_available").asBoolean()).isTrue();
  }

  @Test
  void aChangeKeepsWhatItDoesNotNameAndTheAddressCanBeClearedAgain() {
    String coach = "coach-changes";
    JsonNode changed =
        ApiClient.json(
            put(coach, "{\"completion_min_minutes\":0,\"email\":\" ana@example.com \"}"));
    assertThat(changed.get("completion_min_minutes").asInt()).isZero();
    assertThat(changed.get("email").asText()).isEqualTo("ana@example.com");
    assertThat(changed.get("email_to").asText()).isEqualTo("ana@example.com");
    assertThat(changed.get("email_on_failure").asBoolean()).isTrue();

    put(coach, "{\"email_on_failure\":false,\"desktop_on_completion\":false}");
    JsonNode now = get(coach);
    assertThat(now.get("email_on_failure").asBoolean()).isFalse();
    assertThat(now.get("desktop_on_completion").asBoolean()).isFalse();
    assertThat(now.get("completion_min_minutes").asInt()).isZero();
    assertThat(now.get("email").asText()).isEqualTo("ana@example.com");

    assertThat(ApiClient.json(put(coach, "{\"email\":\"\"}")).get("email").isNull()).isTrue();
    assertThat(get("coach-other").get("completion_min_minutes").asInt()).isEqualTo(10);
  }

  @Test
  void valuesOutOfRangeAreRefusedWithWhatToSend() {
    String coach = "coach-invalid";
    assertRefused(put(coach, "{\"completion_min_minutes\":-1}"), "invalid_minutes");
    assertRefused(put(coach, "{\"completion_min_minutes\":1441}"), "invalid_minutes");
    assertRefused(put(coach, "{\"email\":\"not an address\"}"), "invalid_email");
    assertRefused(put(coach, "{\"completion_min_minutes\":\"ten\"}"), "invalid_json");
    assertRefused(put(coach, "null"), "invalid_json");
    assertThat(get(coach).get("completion_min_minutes").asInt()).isEqualTo(10);
    assertThat(new ApiClient(APP.getLocalPort()).get("/api/v1/me/notifications", null).statusCode())
        .isEqualTo(401);
  }

  private static void assertRefused(HttpResponse<String> answer, String code) {
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(400);
    assertThat(ApiClient.json(answer).get("error").asText()).isEqualTo(code);
  }

  @Test
  void aFailureIsMailedToTheAddressTheCoachChoseWithThePlainReasonAndTheLink() throws Exception {
    String coach = "coach-mailed-failure";
    put(coach, "{\"email\":\"ana@example.com\"}");
    ApiClient api = new ApiClient(APP.getLocalPort());
    HttpResponse<String> created =
        api.upload(coach, TestApps.audio("bad/silence-30s.wav"), "silence.wav", "Silent call");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = ApiClient.json(created).get("session_id").asText();

    MimeMessage mail = mailTo("ana@example.com");
    assertThat(mail.getSubject()).isEqualTo("Transcription failed: Silent call");
    assertThat(body(mail))
        .contains("\"Silent call\" could not be transcribed.")
        .contains("What happened: We found no speech in this recording.")
        .contains("What to do: Check that the right file was uploaded")
        .contains("The session: https://coachtrack.example.org/sessions/" + id + "\n")
        .contains("https://coachtrack.example.org/help/troubleshooting#no_speech")
        .contains("Processing time: ");
    assertThat(api.status(id, coach).get("status").asText()).isEqualTo("failed");
  }

  @Test
  void aCompletionIsMailedWhenTheCoachWantsItForRecordingsThisShort() throws Exception {
    String coach = "coach-mailed-completion";
    put(coach, "{\"email\":\"bo@example.com\",\"completion_min_minutes\":0}");
    // The defaults mail completions of recordings over 10 minutes only: this one is 25 s.
    String quiet = "coach-default-threshold";
    put(quiet, "{\"email\":\"quiet@example.com\"}");
    ApiClient api = new ApiClient(APP.getLocalPort());
    String id = upload(api, coach, "Read speech");
    String other = upload(api, quiet, "Also read speech");
    JsonNode done =
        api.pollUntil(
            id,
            coach,
            Duration.ofMinutes(4),
            s -> s.get("status").asText().matches("completed|failed|cancelled"));
    assertThat(done.get("status").asText()).isEqualTo("completed");

    MimeMessage mail = mailTo("bo@example.com");
    assertThat(mail.getSubject()).isEqualTo("Transcribed: Read speech");
    assertThat(body(mail))
        .contains("\"Read speech\" is transcribed.")
        .contains("Recording: 25 s")
        .contains("Words: " + done.get("word_count").asInt())
        .contains("https://coachtrack.example.org/sessions/" + id + "\n");

    api.pollUntil(
        other,
        quiet,
        Duration.ofMinutes(4),
        s -> s.get("status").asText().matches("completed|failed|cancelled"));
    ApiClient.sleep(3000);
    assertThat(mailsTo("quiet@example.com")).isEmpty();
  }

  private static String upload(ApiClient api, String coach, String title) {
    HttpResponse<String> created =
        api.upload(coach, TestApps.audio("librivox.wav"), "librivox.wav", title);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return ApiClient.json(created).get("session_id").asText();
  }

  private static List<MimeMessage> mailsTo(String address) {
    return Arrays.stream(SMTP.getReceivedMessages())
        .filter(
            m -> {
              try {
                return m.getAllRecipients()[0].toString().equals(address);
              } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  private static MimeMessage mailTo(String address) {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (mailsTo(address).isEmpty()) {
      assertThat(System.nanoTime()).as("an e-mail to " + address).isLessThan(deadline);
      ApiClient.sleep(200);
    }
    assertThat(mailsTo(address)).hasSize(1);
    return mailsTo(address).get(0);
  }

  private static String body(MimeMessage mail) throws Exception {
    return ((String) mail.getContent()).replace("\r\n", "\n");
  }
}
