package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The engine choice in the web app, in a real (headless) Chromium against the real application
 * offering two engines ({@code ENGINES=openai,auto}): the OpenAI-compatible speech server in the
 * test JVM ({@link SpeechServer}) as "Accurate" and the installed local engine as "Fast draft". The
 * form lists them as GET /api/v1/engines does, and each upload goes to the engine picked.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@EnabledIf(
    value = "com.coachtrack.service.Browser#available",
    disabledReason = "needs /usr/bin/chromium and /usr/bin/chromedriver")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EngineChoiceBrowserTest {
  private static final String PASSWORD = "copper-lantern-meadow-57";
  static final SpeechServer SPEECH = SpeechServer.start();
  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app(
          "openai",
          ConfigOverride.config("auth.mode", "local"),
          ConfigOverride.config("auth.signup", "open"),
          ConfigOverride.config("speech.engines", "openai,auto"),
          ConfigOverride.config("speech.asrUrl", SPEECH.url()));
  private static ApiClient api;
  private static Browser browser;

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
    SPEECH.close();
  }

  @Test
  @Order(1)
  void theFormOffersEachEngineAsTheApiListsItWithTheDefaultPicked() {
    browser.open("/");
    browser.waitFor(Duration.ofSeconds(15), "the sign-up form", d -> browser.shown("signup-form"));
    browser.el("signup-email").sendKeys("engines.coach@example.com");
    browser.el("signup-name").sendKeys("Engines Coach");
    browser.el("signup-password").sendKeys(PASSWORD);
    browser.el("signup-submit").click();
    browser.waitFor(Duration.ofSeconds(15), "the dashboard", d -> browser.shown("session-empty"));
    browser.waitFor(
        Duration.ofSeconds(15), "the engine choice", d -> browser.shown("engine-field"));

    JsonNode listed = ApiClient.json(api.send(asBrowser("/api/v1/engines").GET().build()));
    List<WebElement> radios = browser.all("#engine-options input[name='engine']");
    assertThat(radios).hasSize(listed.get("engines").size()).hasSize(2);
    for (int i = 0; i < radios.size(); i++) {
      JsonNode engine = listed.get("engines").get(i);
      WebElement radio = radios.get(i);
      assertThat(radio.getAttribute("value")).isEqualTo(engine.get("name").asText());
      assertThat(radio.isSelected()).isEqualTo(engine.get("is_default").asBoolean());
      assertThat(radio.isEnabled()).isEqualTo(engine.get("available").asBoolean());
      String label =
          browser
              .driver
              .findElement(By.cssSelector("label[for='" + radio.getAttribute("id") + "']"))
              .getText();
      assertThat(label)
          .startsWith(engine.get("display_name").asText())
          .contains(
              engine.get("available").asBoolean() ? "min per hour of audio" : "not available");
    }
    assertThat(radios.get(0).getAttribute("value")).isEqualTo("openai");
    assertThat(radios.get(0).isSelected()).as("Accurate, the default, is picked").isTrue();
    browser.screenshot("upload-engine-choice");
  }

  @Test
  @Order(2)
  void fastDraftTranscribesOnTheLocalEngineWithoutAskingTheSpeechServer() {
    int requestsBefore = SPEECH.received().size();
    WebElement fast = browser.all("#engine-options input[name='engine']").get(1);
    String local = fast.getAttribute("value");
    browser
        .driver
        .findElement(By.cssSelector("label[for='" + fast.getAttribute("id") + "']"))
        .click();
    assertThat(fast.isSelected()).isTrue();

    String id = uploadThroughPage(TestApps.audio("librivox.wav"));
    JsonNode done = waitForFinal(id);

    assertThat(done.get("engine").asText()).isEqualTo(local);
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
    assertThat(SPEECH.received()).hasSize(requestsBefore);
  }

  @Test
  @Order(3)
  void accurateSendsEveryChunkToTheSpeechServer() {
    int requestsBefore = SPEECH.received().size();
    browser.open("/");
    browser.waitFor(
        Duration.ofSeconds(15), "the engine choice", d -> browser.shown("engine-field"));
    WebElement accurate = browser.all("#engine-options input[name='engine']").get(0);
    assertThat(accurate.isSelected()).as("a fresh page picks the default again").isTrue();

    String id = uploadThroughPage(TestApps.audio("librivox.wav"));
    JsonNode done = waitForFinal(id);

    assertThat(done.get("engine").asText()).isEqualTo("openai");
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("completed");
    assertThat(SPEECH.received().size()).isGreaterThan(requestsBefore);
    String text =
        ApiClient.json(
                api.send(
                    asBrowser("/api/v1/sessions/" + id + "/transcript?format=json").GET().build()))
            .get("text")
            .asText();
    assertThat(text).startsWith("w0 w1");
  }

  /** Chooses the file through the real file input and uploads it; returns the new session's id. */
  private static String uploadThroughPage(Path file) {
    browser.el("audio-input").sendKeys(file.toString());
    browser.waitFor(
        Duration.ofSeconds(5),
        "the chosen file's name",
        d -> browser.text("file-chosen").contains(file.getFileName().toString()));
    browser.el("upload-button").click();
    browser.waitFor(
        Duration.ofSeconds(60),
        "the upload's outcome",
        d -> !browser.hidden("upload-success") || !browser.hidden("upload-error"));
    assertThat(browser.hidden("upload-error")).as(browser.text("upload-error")).isTrue();
    String href =
        browser.driver.findElement(By.cssSelector("#upload-success a")).getAttribute("href");
    return URLDecoder.decode(href.substring(href.lastIndexOf('/') + 1), StandardCharsets.UTF_8);
  }

  private static JsonNode waitForFinal(String id) {
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    while (true) {
      JsonNode status =
          ApiClient.json(api.send(asBrowser("/api/v1/sessions/" + id + "/status").GET().build()));
      if (List.of("completed", "failed", "cancelled").contains(status.get("status").asText())) {
        return status;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting; last status " + status);
      }
      ApiClient.sleep(500);
    }
  }

  /** A request as the browser would send it: its two cookies plus X-CSRF-Token. */
  private static HttpRequest.Builder asBrowser(String path) {
    String session = browser.cookie("ct_session");
    String csrf = browser.cookie("ct_csrf");
    return api.request(path, null)
        .header("Cookie", "ct_session=" + session + "; ct_csrf=" + csrf)
        .header("X-CSRF-Token", csrf);
  }
}
