package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;

/**
 * The coach's web app in a real (headless) Chromium against the real application: embedded
 * PostgreSQL, Temporal's test server, the installed speech engine, built-in accounts with open
 * sign-up. One app and one browser for the whole class; the coach creates an account in the first
 * test, and the tests run in order as one coach's afternoon, ending with access tokens in Settings
 * and signing out and back in.
 *
 * <p>Java's own calls to the API go in as the same coach with an access token made in the first
 * test from the browser's session cookie (as a script would), see {@link CoachApi}.
 *
 * <p>Screenshots of each state go to docs/screenshots/. Skipped (before the app starts) when
 * Debian's chromium or chromium-driver is not installed.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@EnabledIf(
    value = "com.coachtrack.service.Browser#available",
    disabledReason = "needs /usr/bin/chromium and /usr/bin/chromedriver")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {
  private static final String COACH = "Browser Coach";
  private static final String EMAIL = "browser.coach@example.com";
  private static final String PASSWORD = "amber-harbour-violet-42";
  private static final long MAX_SCREENSHOT_BYTES = 300 * 1024;
  private static final Set<String> FINAL = Set.of("completed", "failed", "cancelled");
  private static final ObjectMapper JSON = new ObjectMapper();

  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app(
          "auto",
          ConfigOverride.config("auth.mode", "local"),
          ConfigOverride.config("auth.signup", "open"));
  private static ApiClient api;
  private static Browser browser;

  /**
   * The coach's API from Java, with the access token made in {@link
   * #firstVisitCreatesAnAccountAfterTheServerRefusesAWeakPassword}.
   */
  private static CoachApi coach;

  /** The account's coach_id, from GET /api/v1/me with the browser's session. */
  private static String coachId;

  /** The session completed in {@link #coachingRecordingIsFollowedToItsTranscriptAndDownloaded}. */
  private static String completedId;

  @BeforeAll
  static void start() throws IOException {
    api = new ApiClient(APP.getLocalPort());
    browser = new Browser(APP.getLocalPort());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  @AfterEach
  void noScriptErrors() {
    List<String> errors = browser.consoleErrors();
    errors.forEach(error -> System.out.println("[browser console] " + error));
    // Refused requests are logged by Chromium itself ("Failed to load resource: 415"); script
    // errors are bugs.
    assertThat(errors)
        .noneMatch(error -> error.contains("Uncaught") || error.contains("TypeError"));
  }

  @Test
  @Order(1)
  void firstVisitCreatesAnAccountAfterTheServerRefusesAWeakPassword() {
    browser.open("/");
    browser.waitFor(Duration.ofSeconds(15), "the sign-up form", d -> browser.shown("signup-form"));
    assertThat(browser.text("signup-title")).isEqualTo("Create your account");
    assertThat(browser.hidden("app")).isTrue();
    assertThat(browser.hidden("account-bar")).isTrue();
    assertThat(browser.hidden("signin-form")).isTrue();
    assertThat(browser.text("signup-password-rule")).containsIgnoringCase("at least 10 characters");
    assertThat(browser.js("return document.activeElement.id;"))
        .as("the first field has focus")
        .isEqualTo("signup-email");

    // What the server says about a too-short password, asked directly (this creates no account).
    HttpResponse<String> direct =
        postJson("/api/v1/auth/signup", Map.of("email", EMAIL, "name", COACH, "password", "short"));
    assertThat(direct.statusCode()).isEqualTo(400);
    assertThat(ApiClient.json(direct).get("error").asText()).isEqualTo("weak_password");
    String weakMessage = ApiClient.json(direct).get("message").asText();

    browser.el("signup-email").sendKeys(EMAIL);
    browser.el("signup-name").sendKeys(COACH);
    browser.el("signup-password").sendKeys("short");
    browser.el("signup-submit").click();
    browser.waitFor(
        Duration.ofSeconds(15), "the weak-password message", d -> browser.shown("signup-error"));
    assertThat(browser.text("signup-error")).isEqualTo(weakMessage);
    assertThat(browser.el("signup-error").getAttribute("data-code")).isEqualTo("weak_password");
    assertThat(browser.el("signup-password").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.hidden("app")).isTrue();
    screenshot("sign-up");

    browser.retype("signup-password", PASSWORD);
    browser.el("signup-submit").click();
    browser.waitFor(
        Duration.ofSeconds(15),
        "the empty session list, or a sign-up error",
        d ->
            browser.shown("session-empty")
                || (browser.shown("signup-error")
                    && !browser.text("signup-error").equals(weakMessage)));
    assertThat(browser.hidden("signup-error")).as(browser.text("signup-error")).isTrue();
    assertThat(browser.hidden("auth-panel")).isTrue();
    assertThat(browser.hidden("account-bar")).isFalse();
    assertThat(browser.text("account-name")).isEqualTo(COACH);
    assertThat(browser.el("settings-link").isDisplayed()).isTrue();
    assertThat(browser.el("sign-out").isDisplayed()).isTrue();
    assertThat(browser.all("#session-list [data-session-id]")).isEmpty();
    assertThat(browser.cookie("ct_session")).as("the session cookie").isNotBlank();
    assertThat(browser.cookie("ct_csrf")).as("the CSRF cookie").isNotBlank();

    // Signed in stays signed in: a reload goes straight to the dashboard.
    browser.open("/");
    waitForDashboard();
    assertThat(browser.hidden("auth-panel")).isTrue();
    assertThat(browser.text("session-empty")).contains("No sessions yet");
    screenshot("dashboard-empty");

    JsonNode signedIn = ApiClient.json(api.send(CoachApi.asBrowser("/api/v1/me").GET().build()));
    assertThat(signedIn.get("email").asText()).isEqualTo(EMAIL);
    assertThat(signedIn.get("name").asText()).isEqualTo(COACH);
    assertThat(signedIn.get("auth").asText()).isEqualTo("session");
    coachId = signedIn.get("coach_id").asText();

    coach = CoachApi.fromBrowserSession("browser test");
    JsonNode me = ApiClient.json(coach.get("/api/v1/me"));
    assertSameCoach(me);
    assertThat(me.get("auth").asText()).isEqualTo("token");
  }

  @Test
  @Order(2)
  void somethingThatIsNotAudioIsRefusedWithTheApisPlainMessageAndLeavesNoSession() {
    Path bad = TestApps.audio("bad/not-audio.mp3");
    HttpResponse<String> direct = coach.upload(bad, "not-audio.mp3");
    assertThat(direct.statusCode()).isIn(415, 422);
    String apiMessage = ApiClient.json(direct).get("message").asText();

    browser.open("/");
    waitForDashboard();
    int rowsBefore = browser.all("#session-list [data-session-id]").size();
    browser.el("audio-input").sendKeys(bad.toString());
    browser.waitFor(
        Duration.ofSeconds(5), "the chosen file's name", d -> !browser.hidden("file-chosen"));
    assertThat(browser.text("file-chosen")).contains("not-audio.mp3");
    browser.el("upload-button").click();

    browser.waitFor(
        Duration.ofSeconds(30), "the upload error", d -> !browser.hidden("upload-error"));
    String shown = browser.text("upload-error");
    assertThat(shown).isEqualTo(apiMessage);
    assertThat(shown.toLowerCase(Locale.ROOT)).contains("audio");
    assertThat(browser.hidden("upload-success")).isTrue();
    assertThat(browser.hidden("upload-progress"))
        .as("the progress bar of a refused upload is removed")
        .isTrue();
    assertThat(browser.el("upload-button").isEnabled()).as("the form is usable again").isTrue();
    screenshot("upload-refused");

    assertThat(browser.all("#session-list [data-session-id]")).hasSize(rowsBefore);
    assertThat(ApiClient.json(coach.get("/api/v1/sessions")).get("sessions")).isEmpty();
    browser.open("/");
    waitForDashboard();
    assertThat(browser.all("#session-list [data-session-id]")).hasSize(rowsBefore);
    assertThat(browser.hidden("session-empty")).isFalse();
  }

  @Test
  @Order(3)
  void coachingRecordingIsFollowedToItsTranscriptAndDownloaded() throws IOException {
    String title = "Coaching session with Alex";
    String id = uploadThroughPage(TestApps.audio("coaching.mp3"), title);
    completedId = id;
    @SuppressWarnings("unchecked")
    List<String> uploadTexts = (List<String>) browser.js("return window.__uploadTexts;");
    System.out.println("upload progress texts: " + uploadTexts);
    assertThat(uploadTexts)
        .as("the upload's progress was shown while it ran")
        .anyMatch(t -> t.contains("%"));
    assertThat(browser.hidden("upload-progress")).isFalse();
    assertThat(browser.el("upload-progress-bar").getAttribute("value")).isEqualTo("100");
    assertThat(browser.text("upload-progress-text")).contains("uploaded (100 %)");
    assertThat(browser.text("upload-success")).contains(title).contains("queued");
    assertThat(browser.all("#session-list [data-session-id='" + id + "']")).hasSize(1);

    browser.driver.findElement(By.cssSelector("#upload-success a")).click();
    browser.waitFor(
        Duration.ofSeconds(10), "the session page", d -> browser.url().endsWith("/sessions/" + id));
    browser.waitFor(
        Duration.ofSeconds(15),
        "the session's title",
        d -> browser.text("session-title").equals(title));

    List<Map<String, Object>> seen = followUntilFinal(Duration.ofMinutes(3));
    System.out.println("coaching.mp3 as the page showed it: " + seen);
    assertThat(seen.get(seen.size() - 1).get("badge")).isEqualTo("completed");

    List<Double> values =
        seen.stream().map(s -> Double.parseDouble((String) s.get("now"))).toList();
    assertThat(values).as("aria-valuenow never goes back").isSortedAccordingTo(Double::compare);
    assertThat(values.get(values.size() - 1)).isEqualTo(100.0);
    for (Map<String, Object> s : seen) {
      if (!FINAL.contains(s.get("badge"))) {
        assertThat((String) s.get("eta")).as("an ETA line while %s", s.get("badge")).isNotBlank();
      }
    }
    // The page polls every 10 s while pending and every 5 s while processing, so a run that
    // processed for
    // longer than that must have been seen part-way; a faster machine may legitimately jump to 100.
    double processingSeconds = secondsInProcessing(id);
    System.out.printf("coaching.mp3 processed for %.1f s%n", processingSeconds);
    if (processingSeconds > 11) {
      assertThat(values).as("a value part-way, between 0 and 100").anyMatch(v -> v > 0 && v < 100);
      assertThat(seen)
          .as("the processing state with its ETA")
          .anyMatch(s -> "processing".equals(s.get("badge")));
    }

    browser.waitFor(
        Duration.ofSeconds(15),
        "the transcript preview",
        d -> !browser.text("transcript-preview").startsWith("Loading"));
    assertThat(browser.text("message")).isEqualTo("Transcription complete!");
    assertThat(browser.hidden("success")).isFalse();
    assertThat(browser.text("processing-duration")).startsWith("Processed in");
    assertThat(browser.text("percent")).isEqualTo("100 %");
    assertThat(browser.hidden("cancel-button")).isTrue();
    assertThat(browser.hidden("retry-button")).isTrue();
    assertThat(browser.hidden("failure")).isTrue();
    String txt = coach.get("/api/v1/sessions/" + id + "/transcript?format=txt").body();
    assertThat(browser.text("transcript-preview")).isEqualTo(txt.strip());
    assertThat(browser.text("transcript-preview").split("\\s+")).hasSizeGreaterThan(20);
    browser.waitFor(
        Duration.ofSeconds(10), "the history", d -> browser.all("#history li").size() == 3);
    assertThat(browser.all("#history li").stream().map(li -> li.getAttribute("data-to")).toList())
        .containsExactly("pending", "processing", "completed");
    screenshot("completed");

    browser.el("download-txt").click();
    Path file = browser.downloads.resolve(title + ".txt");
    browser.waitFor(
        Duration.ofSeconds(20),
        "the downloaded " + file.getFileName(),
        d -> Files.exists(file) && !partialDownloads());
    assertThat(Files.readString(file)).isEqualTo(txt);

    browser.el("download-srt").click();
    Path srt = browser.downloads.resolve(title + ".srt");
    browser.waitFor(
        Duration.ofSeconds(20),
        "the downloaded SRT",
        d -> Files.exists(srt) && !partialDownloads());
    assertThat(Files.readString(srt)).startsWith("1\n").contains(" --> ");
    assertThat(browser.hidden("download-error")).isTrue();

    browser.open("/");
    waitForDashboard();
    browser.waitFor(
        Duration.ofSeconds(10),
        "the completed row",
        d ->
            "completed"
                .equals(
                    browser.js(
                        "const r = document.querySelector(`[data-session-id='${arguments[0]}'] .status-badge`);"
                            + " return r && r.textContent;",
                        id)));
  }

  /**
   * A real, retryable failure: the decoded audio disappears from storage while the session is being
   * transcribed (as with a full or unmounted disk). The chunks not yet started fail with
   * storage_error, the workflow retries them with backoff, then records the failure and waits for
   * the coach's Retry, which decodes the recording again and goes on from the chunks already
   * transcribed.
   */
  @Test
  @Order(4)
  void lostAudioFailsWithPlainWordsAndRetryResumesTheTranscription() throws IOException {
    String title = "Session whose audio goes missing";
    String id = uploadThroughPage(TestApps.audio("long-10min.mp3"), title);
    browser.driver.findElement(By.cssSelector("#upload-success a")).click();
    browser.waitFor(
        Duration.ofSeconds(10), "the session page", d -> browser.url().endsWith("/sessions/" + id));

    coach.pollUntil(id, Duration.ofSeconds(90), s -> "processing".equals(s.get("status").asText()));
    Path pcm =
        Paths.get(APP.getConfiguration().getDataDir())
            .resolve("sessions")
            .resolve(id)
            .resolve("audio.pcm");
    assertThat(pcm).exists();
    Files.delete(pcm);

    List<Map<String, Object>> seen = followUntilFinal(Duration.ofMinutes(3));
    System.out.println("lost audio, as the page showed it: " + seen);
    assertThat(seen.get(seen.size() - 1).get("badge")).isEqualTo("failed");
    JsonNode failed = coach.status(id);
    JsonNode error = failed.get("error");
    assertThat(error.get("code").asText()).isEqualTo("storage_error");
    assertThat(error.get("retryable").asBoolean()).isTrue();
    double processedAtFailure = failed.get("duration_processed").asDouble();

    assertThat(browser.hidden("failure")).isFalse();
    assertThat(browser.text("error-message"))
        .isEqualTo(error.get("message").asText())
        .isEqualTo("We could not read or write the recording's files.");
    assertThat(browser.text("next-steps"))
        .isEqualTo(error.get("next_steps").asText())
        .contains("Retry");
    assertThat(browser.el("help-link").isDisplayed()).isTrue();
    assertThat(browser.el("help-link").getAttribute("href"))
        .endsWith("/help/troubleshooting#storage_error");
    assertThat(browser.el("retry-button").isDisplayed()).isTrue();
    assertThat(browser.el("new-upload-link").isDisplayed()).isTrue();
    assertThat(browser.text("eta")).startsWith("Stopped at");
    browser.waitFor(
        Duration.ofSeconds(10),
        "the failure in the history",
        d -> browser.text("history").contains("Code: storage_error"));
    screenshot("failed-with-retry");

    // The help link opens the troubleshooting page at this problem's section, in a new tab.
    String sessionTab = browser.driver.getWindowHandle();
    browser.el("help-link").click();
    browser.waitFor(Duration.ofSeconds(10), "the help tab", d -> d.getWindowHandles().size() == 2);
    String helpTab =
        browser.driver.getWindowHandles().stream()
            .filter(h -> !h.equals(sessionTab))
            .findFirst()
            .orElseThrow();
    browser.driver.switchTo().window(helpTab);
    try {
      browser.waitFor(
          Duration.ofSeconds(10),
          "the troubleshooting section",
          d -> !d.findElements(By.id("storage_error")).isEmpty());
      assertThat(browser.url()).endsWith("/help/troubleshooting#storage_error");
      assertThat(browser.el("storage_error").getText()).startsWith("We could not read or write");
    } finally {
      browser.driver.close();
      browser.driver.switchTo().window(sessionTab);
    }

    browser.el("retry-button").click();
    browser.waitFor(
        Duration.ofSeconds(30),
        "the second attempt on the page",
        d ->
            !"failed".equals(browser.text("status-badge"))
                && browser.text("facts").contains("Attempt2"));
    assertThat(browser.hidden("action-error")).as(browser.text("action-error")).isTrue();
    assertThat(browser.hidden("failure")).isTrue();
    assertThat(browser.hidden("retry-button")).isTrue();
    browser.waitFor(
        Duration.ofSeconds(90),
        "processing again after Retry",
        d -> "processing".equals(browser.text("status-badge")));
    JsonNode resumed =
        coach.pollUntil(
            id,
            Duration.ofSeconds(90),
            s -> s.get("duration_processed").asDouble() > processedAtFailure + 10);
    assertThat(resumed.get("attempt").asInt()).isEqualTo(2);
    assertThat(resumed.get("status").asText()).isEqualTo("processing");
    List<String> states = new ArrayList<>();
    ApiClient.json(coach.get("/api/v1/sessions/" + id + "/history"))
        .get("history")
        .forEach(h -> states.add(h.get("to_status").asText()));
    assertThat(states).containsExactly("pending", "processing", "failed", "pending", "processing");

    // Frees the two cores for the next test; cancelling is tested through the page there.
    assertThat(coach.post("/api/v1/sessions/" + id + "/cancel").statusCode()).isEqualTo(202);
    coach.pollUntil(id, Duration.ofSeconds(30), s -> "cancelled".equals(s.get("status").asText()));
  }

  @Test
  @Order(5)
  void aLongTranscriptionCanBeCancelledFromItsPage() {
    String title = "Long session to cancel";
    String id = uploadThroughPage(TestApps.audio("long-10min.mp3"), title);
    browser.driver.findElement(By.cssSelector("#upload-success a")).click();
    browser.waitFor(
        Duration.ofSeconds(10), "the session page", d -> browser.url().endsWith("/sessions/" + id));
    browser.waitFor(
        Duration.ofSeconds(90),
        "processing with some progress",
        d ->
            "processing".equals(browser.text("status-badge"))
                && Double.parseDouble(browser.el("progress").getAttribute("aria-valuenow")) > 0);
    assertThat(browser.text("eta")).isNotBlank();
    assertThat(browser.text("facts")).contains("Transcribed so far");
    assertThat(browser.el("cancel-button").isDisplayed()).isTrue();
    screenshot("processing");

    // Thinking better of it first: the dialog's other button keeps the transcription running.
    browser.el("cancel-button").click();
    browser.waitFor(Duration.ofSeconds(5), "the cancel dialog", d -> dialogOpen());
    browser.el("cancel-dismiss").click();
    browser.waitFor(Duration.ofSeconds(5), "the dialog closed", d -> !dialogOpen());
    assertThat(coach.status(id).get("status").asText()).isEqualTo("processing");

    browser.el("cancel-button").click();
    browser.waitFor(Duration.ofSeconds(5), "the cancel dialog", d -> dialogOpen());
    assertThat(browser.el("cancel-title").getText()).isEqualTo("Cancel this transcription?");
    browser.el("cancel-confirm").click();
    browser.waitFor(
        Duration.ofSeconds(30),
        "the cancelled state",
        d -> "cancelled".equals(browser.text("status-badge")));

    assertThat(browser.hidden("action-error")).as(browser.text("action-error")).isTrue();
    assertThat(browser.text("message")).startsWith("Cancelled");
    assertThat(browser.text("eta")).isEqualTo("Cancelled");
    assertThat(browser.hidden("cancel-button")).isTrue();
    assertThat(browser.hidden("retry-button")).isTrue();
    assertThat(browser.el("new-upload-link").isDisplayed()).isTrue();
    assertThat(browser.hidden("transcript-section")).isTrue();
    browser.waitFor(
        Duration.ofSeconds(10),
        "the cancellation in the history",
        d -> browser.text("history").contains("Processing → Cancelled"));
    screenshot("cancelled");
    JsonNode status = coach.status(id);
    assertThat(status.get("status").asText()).isEqualTo("cancelled");
    assertThat(status.get("can_cancel").asBoolean()).isFalse();
  }

  @Test
  @Order(6)
  void atPhoneWidthNothingScrollsSideways() {
    try {
      browser.driver.manage().window().setSize(new Dimension(320, 800));
      browser.open("/");
      waitForDashboard();
      browser.waitFor(
          Duration.ofSeconds(10),
          "the session rows",
          d -> browser.all("#session-list [data-session-id]").size() == 3);
      long viewport =
          ((Number) browser.js("return document.documentElement.clientWidth;")).longValue();
      assertThat(viewport).as("the layout viewport really is phone-sized").isBetween(300L, 320L);
      System.out.println("layout viewport at 320 px: " + viewport);
      assertNoHorizontalScroll("dashboard");
      browser.js("document.getElementById('sessions-heading').scrollIntoView();");
      screenshot("mobile-320");

      browser.open("/sessions/" + completedId);
      browser.waitFor(
          Duration.ofSeconds(15),
          "the transcript preview",
          d ->
              !browser.hidden("transcript-section")
                  && !browser.text("transcript-preview").startsWith("Loading"));
      assertNoHorizontalScroll("completed session page");

      browser.open("/settings");
      browser.waitFor(
          Duration.ofSeconds(15),
          "the settings page's tokens",
          d -> browser.shown("app") && browser.hidden("tokens-loading"));
      assertNoHorizontalScroll("settings page");
    } finally {
      browser.driver.manage().window().setSize(new Dimension(1280, 900));
    }
  }

  @Test
  @Order(7)
  void anAccessTokenIsMadeAndRevokedInSettingsThenTheCoachSignsOutAndBackIn() {
    browser.open("/");
    waitForDashboard();
    browser.el("settings-link").click();
    browser.waitFor(
        Duration.ofSeconds(15),
        "the settings page's tokens",
        d ->
            browser.url().endsWith("/settings")
                && browser.shown("app")
                && browser.hidden("tokens-loading"));
    assertThat(browser.text("account-name")).isEqualTo(COACH);
    assertThat(browser.text("settings-email")).isEqualTo(EMAIL);
    assertThat(browser.all("#token-list [data-token-id]"))
        .as("the token this test class made in the first test")
        .hasSize(1);
    assertThat(browser.text("token-list")).contains("browser test");
    assertThat(browser.hidden("password-form"))
        .as("a built-in account changes its password here")
        .isFalse();

    String name = "Upload script on my laptop";
    browser.el("token-name").sendKeys(name);
    browser.el("token-create").click();
    browser.waitFor(Duration.ofSeconds(15), "the new token", d -> browser.shown("new-token"));
    assertThat(browser.hidden("token-error")).as(browser.text("token-error")).isTrue();
    String token = browser.value("new-token-value");
    assertThat(token).startsWith("ct_");
    assertThat(browser.el("new-token-value").getAttribute("readonly")).isNotNull();
    assertThat(browser.js("return document.activeElement.id;"))
        .as("focus moves to the token")
        .isEqualTo("new-token-value");
    assertThat(browser.text("new-token-warning")).contains("will not be shown again");
    assertThat(browser.text("new-token-example"))
        .isEqualTo(
            "curl -H \"Authorization: Bearer "
                + token
                + "\" http://127.0.0.1:"
                + APP.getLocalPort()
                + "/api/v1/sessions");
    String id = browser.el("new-token").getAttribute("data-token-id");
    String row = "#token-list [data-token-id='" + id + "']";
    assertThat(browser.all(row)).hasSize(1);
    assertThat(browser.all(row).get(0).getText()).contains(name).contains("Never used");
    browser.el("new-token-copy").click();
    browser.waitFor(
        Duration.ofSeconds(5), "what Copy did", d -> !browser.text("new-token-copied").isBlank());
    screenshot("settings-tokens");

    HttpResponse<String> me = meWithToken(token);
    assertThat(me.statusCode()).isEqualTo(200);
    assertSameCoach(ApiClient.json(me));
    assertThat(ApiClient.json(me).get("auth").asText()).isEqualTo("token");

    // Revoking asks first, then the token stops working at once; the other token is untouched.
    browser.driver.findElement(By.cssSelector(row + " .token-revoke")).click();
    browser.waitFor(Duration.ofSeconds(5), "the revoke dialog", d -> dialogOpen("revoke-dialog"));
    assertThat(browser.text("revoke-name")).isEqualTo(name);
    browser.el("revoke-confirm").click();
    browser.waitFor(
        Duration.ofSeconds(15), "the revoked token's row gone", d -> browser.all(row).isEmpty());
    assertThat(browser.hidden("tokens-error")).as(browser.text("tokens-error")).isTrue();
    assertThat(browser.hidden("new-token")).as("the revoked token is no longer shown").isTrue();
    assertThat(browser.all("#token-list [data-token-id]")).hasSize(1);
    HttpResponse<String> revoked = meWithToken(token);
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(ApiClient.json(revoked).get("error").asText()).isEqualTo("unauthenticated");
    assertThat(coach.get("/api/v1/me").statusCode()).isEqualTo(200);

    // Signing out: the sign-in form (this browser has signed in before), and the API forgets it.
    browser.el("sign-out").click();
    browser.waitFor(
        Duration.ofSeconds(15),
        "the sign-in form after signing out",
        d -> browser.shown("signin-form") && browser.hidden("app"));
    assertThat(browser.text("signin-title")).isEqualTo("Sign in");
    assertThat(browser.hidden("account-bar")).isTrue();
    assertThat(browser.hidden("signup-form")).isTrue();
    assertThat(browser.fetchStatus("/api/v1/me")).isEqualTo(401);
    assertThat(browser.cookie("ct_session")).as("the session cookie is cleared").isNullOrEmpty();
    try {
      browser.driver.manage().window().setSize(new Dimension(320, 800));
      assertNoHorizontalScroll("sign-in form");
    } finally {
      browser.driver.manage().window().setSize(new Dimension(1280, 900));
    }

    // A wrong password is refused in the server's words; the right one signs in again.
    browser.el("signin-email").sendKeys(EMAIL);
    browser.el("signin-password").sendKeys("not-my-password-at-all");
    browser.el("signin-submit").click();
    browser.waitFor(
        Duration.ofSeconds(15), "the wrong-password message", d -> browser.shown("signin-error"));
    assertThat(browser.el("signin-error").getAttribute("data-code"))
        .isEqualTo("invalid_credentials");
    assertThat(browser.text("signin-error")).isNotBlank();
    assertThat(browser.hidden("app")).isTrue();

    String wrong = browser.text("signin-error");
    browser.retype("signin-password", PASSWORD);
    browser.el("signin-submit").click();
    browser.waitFor(
        Duration.ofSeconds(15),
        "the settings page signed in again, or a sign-in error",
        d ->
            (browser.shown("app") && browser.hidden("tokens-loading"))
                || (browser.shown("signin-error") && !browser.text("signin-error").equals(wrong)));
    assertThat(browser.shown("signin-error")).as(browser.text("signin-error")).isFalse();
    assertThat(browser.url()).endsWith("/settings");
    assertThat(browser.text("account-name")).isEqualTo(COACH);
    assertThat(browser.fetchStatus("/api/v1/me")).isEqualTo(200);

    browser.open("/");
    waitForDashboard();
    browser.waitFor(
        Duration.ofSeconds(10),
        "the coach's sessions",
        d -> browser.all("#session-list [data-session-id]").size() == 3);
  }

  // ---------- helpers ----------

  private static void waitForDashboard() {
    browser.waitFor(
        Duration.ofSeconds(15),
        "the dashboard's session list",
        d -> !browser.hidden("app") && browser.hidden("list-loading"));
  }

  /** Chooses the file through the real file input and uploads it; returns the new session's id. */
  private static String uploadThroughPage(Path file, String title) {
    browser.open("/");
    waitForDashboard();
    // Records every text the upload progress line shows, and whether the bar was visible then.
    browser.js(
        "window.__uploadTexts = [];"
            + "const text = document.getElementById('upload-progress-text');"
            + "new MutationObserver(() => window.__uploadTexts.push("
            + "  (document.getElementById('upload-progress').hidden ? 'hidden: ' : '') + text.textContent))"
            + ".observe(text, { childList: true, characterData: true, subtree: true });");
    browser.el("audio-input").sendKeys(file.toString());
    browser.waitFor(
        Duration.ofSeconds(5),
        "the chosen file's name",
        d -> browser.text("file-chosen").contains(file.getFileName().toString()));
    browser.el("title-input").sendKeys(title);
    browser.el("upload-button").click();
    browser.waitFor(
        Duration.ofSeconds(60),
        "the upload's outcome",
        d -> !browser.hidden("upload-success") || !browser.hidden("upload-error"));
    assertThat(browser.hidden("upload-error")).as(browser.text("upload-error")).isTrue();
    String href =
        browser.driver.findElement(By.cssSelector("#upload-success a")).getAttribute("href");
    String id =
        URLDecoder.decode(href.substring(href.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
    assertThat(coach.status(id).get("title").asText()).isEqualTo(title);
    return id;
  }

  /**
   * Samples the session page until it shows a final state, keeping each distinct (badge,
   * aria-valuenow, ETA) the coach could have seen.
   */
  private static List<Map<String, Object>> followUntilFinal(Duration timeout) {
    Set<Map<String, Object>> seen = new LinkedHashSet<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      @SuppressWarnings("unchecked")
      Map<String, Object> state =
          (Map<String, Object>)
              browser.js(
                  "const g = (id) => document.getElementById(id);"
                      + "return { badge: g('status-badge').textContent,"
                      + "  now: g('progress').getAttribute('aria-valuenow'), eta: g('eta').textContent };");
      if (!"loading".equals(state.get("badge"))) {
        seen.add(state);
      }
      if (FINAL.contains(state.get("badge"))) {
        return new ArrayList<>(seen);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "The page showed no final state in " + timeout + "; it showed " + seen);
      }
      ApiClient.sleep(250);
    }
  }

  /** From the API's history: how long the session was in processing before it completed. */
  private static double secondsInProcessing(String id) {
    Instant started = null;
    Instant ended = null;
    for (JsonNode h :
        ApiClient.json(coach.get("/api/v1/sessions/" + id + "/history")).get("history")) {
      String to = h.get("to_status").asText();
      if (to.equals("processing")) {
        started = Instant.parse(h.get("at").asText());
      } else if (FINAL.contains(to)) {
        ended = Instant.parse(h.get("at").asText());
      }
    }
    return started == null || ended == null
        ? 0
        : Duration.between(started, ended).toMillis() / 1000.0;
  }

  private static boolean dialogOpen() {
    return dialogOpen("cancel-dialog");
  }

  private static boolean dialogOpen(String id) {
    return Boolean.TRUE.equals(
        browser.js("return document.getElementById(arguments[0]).open;", id));
  }

  private static boolean partialDownloads() {
    try (Stream<Path> files = Files.list(browser.downloads)) {
      return files.anyMatch(p -> p.getFileName().toString().endsWith(".crdownload"));
    } catch (IOException e) {
      return true;
    }
  }

  private static void assertNoHorizontalScroll(String where) {
    @SuppressWarnings("unchecked")
    Map<String, Object> widths =
        (Map<String, Object>)
            browser.js(
                "const e = document.documentElement;"
                    + "const wide = [...document.querySelectorAll('body *')]"
                    + "  .filter((el) => el.getBoundingClientRect().right > e.clientWidth + 1)"
                    + "  .slice(0, 5).map((el) => el.tagName + '#' + el.id + '.' + el.className);"
                    + "return { scroll: e.scrollWidth, client: e.clientWidth, wide: wide.join(', ') };");
    long scroll = ((Number) widths.get("scroll")).longValue();
    long client = ((Number) widths.get("client")).longValue();
    assertThat(scroll)
        .as("%s at 320 px scrolls sideways (%s); too wide: %s", where, widths, widths.get("wide"))
        .isLessThanOrEqualTo(client + 1);
  }

  private static void screenshot(String name) {
    long bytes = browser.screenshot(name);
    System.out.printf("screenshot %s.png: %d KB%n", name, bytes / 1024);
    assertThat(bytes).as("%s.png stays small", name).isLessThan(MAX_SCREENSHOT_BYTES);
  }

  /** A JSON POST with no credential at all (sign-up and sign-in need none). */
  private static HttpResponse<String> postJson(String path, Map<String, String> body) {
    return api.send(
        api.request(path, null)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(toJson(body)))
            .build());
  }

  /**
   * GET /api/v1/me answered for the coach who signed up: same coach_id and name. The email too,
   * where the answer has one: for an access token the backend leaves it out (the token's row keeps
   * the coach's id and name only).
   */
  private static void assertSameCoach(JsonNode me) {
    assertThat(me.get("coach_id").asText()).isEqualTo(coachId);
    assertThat(me.get("name").asText()).isEqualTo(COACH);
    assertThat(me.path("email").asText(EMAIL)).isEqualTo(EMAIL);
  }

  private static HttpResponse<String> meWithToken(String token) {
    return api.send(
        api.request("/api/v1/me", null).header("Authorization", "Bearer " + token).GET().build());
  }

  private static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The API as the signed-in coach, from Java: an access token (as a script would use), made once
   * with the browser's session cookie and CSRF header.
   */
  private static final class CoachApi {
    private final String token;

    private CoachApi(String token) {
      this.token = token;
    }

    /** A request as the browser would send it: its two cookies plus X-CSRF-Token. */
    static HttpRequest.Builder asBrowser(String path) {
      String session = browser.cookie("ct_session");
      String csrf = browser.cookie("ct_csrf");
      return api.request(path, null)
          .header("Cookie", "ct_session=" + session + "; ct_csrf=" + csrf)
          .header("X-CSRF-Token", csrf);
    }

    /** POST /api/v1/tokens with the browser's session. */
    static CoachApi fromBrowserSession(String tokenName) {
      HttpResponse<String> created =
          api.send(
              asBrowser("/api/v1/tokens")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(toJson(Map.of("name", tokenName))))
                  .build());
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      String token = ApiClient.json(created).get("token").asText();
      assertThat(token).startsWith("ct_");
      return new CoachApi(token);
    }

    HttpRequest.Builder request(String path) {
      return api.request(path, null).header("Authorization", "Bearer " + token);
    }

    HttpResponse<String> get(String path) {
      return api.send(request(path).GET().build());
    }

    HttpResponse<String> post(String path) {
      return api.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    JsonNode status(String sessionId) {
      return ApiClient.json(get("/api/v1/sessions/" + sessionId + "/status"));
    }

    /** Polls like a browser until the status satisfies the condition; fails after the timeout. */
    JsonNode pollUntil(String sessionId, Duration timeout, Predicate<JsonNode> done) {
      long deadline = System.nanoTime() + timeout.toNanos();
      JsonNode status = status(sessionId);
      while (!done.test(status)) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("Timed out waiting; last status " + status);
        }
        ApiClient.sleep(500);
        status = status(sessionId);
      }
      return status;
    }

    /** Uploads a file as multipart form data, without a title. */
    HttpResponse<String> upload(Path file, String filename) {
      String boundary = "----coachtrack" + UUID.randomUUID();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      try {
        body.writeBytes(
            ("--"
                    + boundary
                    + "\r\nContent-Disposition: form-data; name=\"audio\"; filename=\""
                    + filename
                    + "\"\r\nContent-Type: audio/mpeg\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(file));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return api.send(
          request("/api/v1/sessions")
              .header("Content-Type", "multipart/form-data; boundary=" + boundary)
              .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
              .build());
    }
  }
}
