package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;

/**
 * The notification settings and the desktop notification in a real (headless) Chromium against the
 * real application. The browser's notification permission is granted the way a coach's click on
 * "Allow" would leave it (DevTools' Browser.grantPermissions); the page's real Notification is
 * wrapped only to see what it was asked to show.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
@EnabledIf(
    value = "com.coachtrack.service.Browser#available",
    disabledReason = "needs /usr/bin/chromium and /usr/bin/chromedriver")
// One coach throughout: the endpoints each test adds are seen by the ones after it.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotificationsBrowserTest {
  private static final String EMAIL = "notified.coach@example.com";

  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app(
          "auto",
          ConfigOverride.config("auth.mode", "local"),
          ConfigOverride.config("auth.signup", "open"));
  private static final WebhookReceiver RECEIVER = new WebhookReceiver();
  private static Browser browser;

  @BeforeAll
  static void signUp() throws Exception {
    browser = new Browser(APP.getLocalPort());
    ApiClient api = new ApiClient(APP.getLocalPort());
    HttpResponse<String> signedUp =
        api.send(
            api.request("/api/v1/auth/signup", null)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"email\":\""
                            + EMAIL
                            + "\",\"name\":\"Nora\",\"password\":\"copper-lantern-meadow-77\"}"))
                .build());
    assertThat(signedUp.statusCode()).as(signedUp.body()).isEqualTo(201);
    browser.open("/assets/favicon.svg");
    for (String header : signedUp.headers().allValues("Set-Cookie")) {
      String[] pair = header.split(";", 2)[0].split("=", 2);
      browser.driver.manage().addCookie(new Cookie(pair[0], pair[1], "/"));
    }
    browser.driver.executeCdpCommand(
        "Browser.grantPermissions",
        Map.of(
            "origin",
            "http://127.0.0.1:" + APP.getLocalPort(),
            "permissions",
            List.of("notifications")));
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    RECEIVER.close();
  }

  @Test
  @Order(1)
  void settingsShowTheDefaultsSaveChangesAndAddAWebhookWithItsSecretOnce() {
    browser.open("/settings#notifications");
    browser.waitFor(
        Duration.ofSeconds(15), "the notification settings", d -> browser.shown("notify-form"));
    assertThat(checked("email-failure")).isTrue();
    assertThat(checked("email-completion")).isTrue();
    assertThat(browser.value("completion-minutes")).isEqualTo("10");
    assertThat(checked("desktop-completion")).isTrue();
    assertThat(checked("webhooks-on")).isTrue();
    assertThat(browser.value("notify-email")).as("empty: the account's address").isEmpty();
    assertThat(browser.el("notify-email").getAttribute("placeholder")).isEqualTo(EMAIL);
    assertThat(browser.text("notify-email-hint")).contains("account");
    assertThat(browser.shown("email-off")).as("no SMTP_URL in this app").isTrue();
    assertThat(browser.text("desktop-permission")).contains("allows");
    assertThat(browser.hidden("desktop-allow")).isTrue();

    browser.retype("completion-minutes", "0");
    browser.el("notify-save").click();
    browser.waitFor(Duration.ofSeconds(10), "saved", d -> browser.shown("notify-done"));
    assertThat(browser.fetchStatus("/api/v1/me/notifications")).isEqualTo(200);
    assertThat(
            browser.js(
                "return fetch('/api/v1/me/notifications').then(r => r.json())"
                    + ".then(p => p.completion_min_minutes);"))
        .isEqualTo(0L);

    browser.el("webhook-url").sendKeys(RECEIVER.url("browser"));
    browser.el("webhook-create").click();
    browser.waitFor(Duration.ofSeconds(10), "the new endpoint", d -> browser.shown("new-webhook"));
    assertThat(browser.value("new-webhook-secret")).startsWith("whsec_");
    assertThat(browser.all("#webhook-list .webhook-row")).hasSize(1);
    assertThat(browser.text("webhook-list")).contains(RECEIVER.url("browser"));
    browser.js("document.getElementById('notifications').scrollIntoView();");
    assertThat(browser.screenshot("settings-notifications")).isLessThan(400 * 1024);
    browser.js("document.getElementById('webhooks').scrollIntoView();");
    assertThat(browser.screenshot("settings-webhooks")).isLessThan(400 * 1024);
    browser.el("new-webhook-done").click();
    assertThat(browser.hidden("new-webhook")).isTrue();

    browser.open("/settings");
    browser.waitFor(
        Duration.ofSeconds(15), "the webhooks", d -> browser.hidden("webhooks-loading"));
    assertThat(browser.text("webhook-list")).doesNotContain("whsec_");
    browser.all("#webhook-list .webhook-deliveries").get(0).click();
    browser.waitFor(
        Duration.ofSeconds(10),
        "the deliveries",
        d -> browser.text("webhook-list").contains("Nothing sent yet."));
  }

  @Test
  @Order(2)
  void aCompletionInABackgroundTabShowsADesktopNotification() {
    browser.open("/");
    browser.waitFor(
        Duration.ofSeconds(15),
        "the dashboard",
        d -> !browser.hidden("app") && browser.hidden("list-loading"));
    browser.el("audio-input").sendKeys(TestApps.audio("librivox.wav").toString());
    browser.el("title-input").sendKeys("Read aloud");
    browser.el("upload-button").click();
    browser.waitFor(Duration.ofSeconds(60), "the upload", d -> !browser.hidden("upload-success"));
    // The coach switches tabs: the page is hidden (its polling pauses), and the real Notification
    // is wrapped so the test can see what was shown.
    browser.js(
        "window.__shown = [];"
            + "const Real = window.Notification;"
            + "window.Notification = class extends Real {"
            + "  constructor(title, options) { super(title, options);"
            + "    window.__shown.push({ title, body: options.body, tag: options.tag }); } };"
            + "Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });"
            + "document.dispatchEvent(new Event('visibilitychange'));");

    browser.waitFor(
        Duration.ofMinutes(3),
        "a desktop notification",
        d -> ((List<?>) browser.js("return window.__shown;")).size() > 0);
    @SuppressWarnings("unchecked")
    Map<String, Object> shown =
        ((List<Map<String, Object>>) browser.js("return window.__shown;")).get(0);
    assertThat(shown.get("title")).isEqualTo("Transcript ready");
    assertThat((String) shown.get("body")).contains("Read aloud").contains("is transcribed");
    assertThat((String) shown.get("tag")).startsWith("coachtrack-");
    String id = ((String) shown.get("tag")).substring("coachtrack-".length());
    JsonNode status =
        ApiClient.json(
            new ApiClient(APP.getLocalPort())
                .send(
                    new ApiClient(APP.getLocalPort())
                        .request("/api/v1/sessions/" + id + "/status", null)
                        .header("Cookie", "ct_session=" + browser.cookie("ct_session"))
                        .GET()
                        .build()));
    assertThat(status.get("status").asText()).isEqualTo("completed");
    assertThat(
            browser.js("return localStorage.getItem('ct-notified:' + arguments[0]) !== null;", id))
        .as("other tabs do not show it again")
        .isEqualTo(true);
  }

  @Test
  @Order(3)
  void aDeliveryIsListedWithEveryAttemptOnTheSettingsPage() {
    browser.consoleErrors(); // what the tests before left in the log
    String url = RECEIVER.url("attempts");
    RECEIVER.answering("attempts", 500, 503);
    browser.open("/settings#webhooks");
    browser.waitFor(
        Duration.ofSeconds(15), "the webhooks", d -> browser.hidden("webhooks-loading"));
    browser.el("webhook-url").sendKeys(url);
    browser.el("webhook-create").click();
    browser.waitFor(Duration.ofSeconds(10), "the new endpoint", d -> browser.shown("new-webhook"));
    browser.el("new-webhook-done").click();

    // A recording with no speech fails within seconds: session.failed goes to the endpoint.
    browser.open("/");
    browser.waitFor(
        Duration.ofSeconds(15),
        "the dashboard",
        d -> !browser.hidden("app") && browser.hidden("list-loading"));
    browser.el("audio-input").sendKeys(TestApps.audio("bad/silence-30s.wav").toString());
    browser.el("title-input").sendKeys("Quiet room");
    browser.el("upload-button").click();
    browser.waitFor(Duration.ofSeconds(60), "the upload", d -> !browser.hidden("upload-success"));
    List<WebhookReceiver.Delivery> received =
        RECEIVER.awaitAtLeast("attempts", 3, Duration.ofMinutes(3));
    assertThat(received.get(0).json().get("type").asText()).isEqualTo("session.failed");
    assertThat(received.get(2).id()).as("one message, three tries").isEqualTo(received.get(0).id());

    // The delivery is marked delivered just after the receiver's answer.
    browser.waitFor(
        Duration.ofSeconds(30),
        "the delivery recorded as delivered",
        d ->
            "delivered"
                .equals(
                    browser.js(
                        "return fetch('/api/v1/webhooks').then(r => r.json())"
                            + ".then(b => b.webhooks.find(w => w.url === arguments[0]))"
                            + ".then(w => fetch('/api/v1/webhooks/' + w.id + '/deliveries'))"
                            + ".then(r => r.json()).then(b => b.deliveries[0].status);",
                        url)));

    browser.open("/settings#webhooks");
    browser.waitFor(
        Duration.ofSeconds(15), "the webhooks", d -> browser.hidden("webhooks-loading"));
    WebElement row =
        browser.all("#webhook-list .webhook-row").stream()
            .filter(r -> r.findElement(By.cssSelector(".webhook-url")).getText().equals(url))
            .findFirst()
            .orElseThrow();
    row.findElement(By.cssSelector(".webhook-deliveries")).click();
    WebElement summary =
        browser.waitFor(
            Duration.ofSeconds(10),
            "the deliveries",
            d -> {
              List<WebElement> summaries =
                  row.findElements(By.cssSelector(".delivery-list summary"));
              return summaries.isEmpty() ? null : summaries.get(0);
            });
    assertThat(row.findElements(By.cssSelector(".delivery-list > li"))).hasSize(1);
    assertThat(summary.getText()).startsWith("session.failed · delivered · 3 attempts");
    summary.click();
    List<String> attempts =
        row.findElements(By.cssSelector(".attempt-list li")).stream()
            .map(WebElement::getText)
            .toList();
    assertThat(attempts).hasSize(3);
    assertThat(attempts.get(0)).contains("HTTP 500");
    assertThat(attempts.get(1)).contains("HTTP 503");
    assertThat(attempts.get(2)).contains("HTTP 200");
    browser.js("arguments[0].scrollIntoView();", row);
    assertThat(browser.screenshot("settings-webhook-deliveries")).isLessThan(400 * 1024);
    assertThat(browser.consoleErrors()).isEmpty();
  }

  private static boolean checked(String id) {
    return Boolean.TRUE.equals(
        browser.js("return document.getElementById(arguments[0]).checked;", id));
  }
}
