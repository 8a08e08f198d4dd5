package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Built-in accounts (AUTH_MODE=local) through the real application: sign-up, sign-in and its
 * throttle, the session and CSRF cookies, sign-out and password changes revoking sessions, personal
 * access tokens, an operator's {@code coach add} link, and the security headers.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class LocalAccountsTest {
  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app(
          "auto",
          ConfigOverride.config("role", "api"),
          ConfigOverride.config("auth.mode", "local"),
          ConfigOverride.config("auth.signup", "open"),
          ConfigOverride.config("auth.operatorEmails", "op@example.com"));
  private static final String PASSWORD = "a long and unusual passphrase";
  private final HttpClient http = HttpClient.newHttpClient();

  /**
   * Each test is its own client address (test.yml trusts loopback as a proxy, so X-Forwarded-For
   * counts), so the per-address sign-in limits of one test never answer for another.
   */
  private final String clientAddress =
      "10." + (int) (Math.random() * 250) + "." + (int) (Math.random() * 250) + ".7";

  /** A signed-in browser: its two cookies. */
  record Browser(String session, String csrf) {
    String cookieHeader() {
      return "ct_session=" + session + "; ct_csrf=" + csrf;
    }
  }

  private HttpResponse<String> send(String method, String path, String json, String... headers)
      throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
            .header("X-Forwarded-For", clientAddress);
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    request.method(
        method,
        json == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(json));
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String email() {
    return "coach-" + UUID.randomUUID() + "@example.com";
  }

  private static String form(String email, String password, String name) {
    return "{\"email\":\""
        + email
        + "\",\"password\":\""
        + password
        + "\""
        + (name == null ? "" : ",\"name\":\"" + name + "\"")
        + "}";
  }

  private Browser signUp(String email) throws Exception {
    HttpResponse<String> created =
        send("POST", "/api/v1/auth/signup", form(email, PASSWORD, "Ana"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return browser(created);
  }

  private Browser logIn(String email, String password) throws Exception {
    HttpResponse<String> in = send("POST", "/api/v1/auth/login", form(email, password, null));
    assertThat(in.statusCode()).as(in.body()).isEqualTo(200);
    return browser(in);
  }

  private static Browser browser(HttpResponse<String> response) {
    return new Browser(
        cookie(response, "ct_session").orElseThrow(), cookie(response, "ct_csrf").orElseThrow());
  }

  private static Optional<String> cookie(HttpResponse<?> response, String name) {
    return setCookie(response, name)
        .map(header -> header.substring(name.length() + 1).split(";")[0]);
  }

  private static Optional<String> setCookie(HttpResponse<?> response, String name) {
    return response.headers().allValues("Set-Cookie").stream()
        .filter(header -> header.startsWith(name + "="))
        .findFirst();
  }

  @Test
  void signUpSignsInWithAnHttpOnlySessionCookieAndAReadableCsrfCookie() throws Exception {
    String email = email();
    HttpResponse<String> created =
        send("POST", "/api/v1/auth/signup", form(email.toUpperCase(), PASSWORD, " Ana Lima "));

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode body = ApiClient.json(created);
    assertThat(body.get("email").asText()).isEqualTo(email);
    assertThat(body.get("name").asText()).isEqualTo("Ana Lima");
    assertThat(body.get("coach_id").asText()).isNotBlank();
    String session = setCookie(created, "ct_session").orElseThrow();
    assertThat(session).contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("Secure");
    String csrf = setCookie(created, "ct_csrf").orElseThrow();
    assertThat(csrf).contains("SameSite=Lax", "Path=/").doesNotContain("HttpOnly");

    Browser browser = browser(created);
    JsonNode me = ApiClient.json(send("GET", "/api/v1/me", null, "Cookie", browser.cookieHeader()));
    assertThat(me.get("email").asText()).isEqualTo(email);
    assertThat(me.get("role").asText()).isEqualTo("coach");
    assertThat(me.get("auth").asText()).isEqualTo("session");
  }

  @Test
  void overHttpsBehindATrustedProxyTheCookiesAreSecure() throws Exception {
    // test.yml trusts loopback as a proxy, so its X-Forwarded-Proto counts.
    HttpResponse<String> created =
        send(
            "POST",
            "/api/v1/auth/signup",
            form(email(), PASSWORD, "Ana"),
            "X-Forwarded-Proto",
            "https");
    assertThat(setCookie(created, "ct_session").orElseThrow()).contains("Secure");
    assertThat(created.headers().firstValue("Strict-Transport-Security")).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "short1!",
        "password1234",
        "qwertyuiop",
        "1234567890",
        "aaaaaaaaaaaa",
        "abcabcabcabc",
        "my-anastasia-password"
      })
  void weakPasswordsAreRefusedWithWhatToChange(String password) throws Exception {
    String email = email();
    HttpResponse<String> refused =
        send("POST", "/api/v1/auth/signup", form(email, password, "Anastasia Lima"));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(ApiClient.json(refused).get("error").asText()).isEqualTo("weak_password");
    assertThat(ApiClient.json(refused).get("message").asText()).startsWith("Choose a stronger");
    HttpResponse<String> login = send("POST", "/api/v1/auth/login", form(email, password, null));
    assertThat(login.statusCode()).as("nothing was created: %s", login.body()).isEqualTo(401);
  }

  @Test
  void anEmailCanHaveOneAccountAndBadFieldsAre400() throws Exception {
    String email = email();
    signUp(email);
    HttpResponse<String> again = send("POST", "/api/v1/auth/signup", form(email, PASSWORD, "B"));
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(ApiClient.json(again).get("error").asText()).isEqualTo("email_taken");
    assertThat(
            ApiClient.json(send("POST", "/api/v1/auth/signup", form("nope", PASSWORD, "B")))
                .get("error")
                .asText())
        .isEqualTo("invalid_email");
    assertThat(
            ApiClient.json(send("POST", "/api/v1/auth/signup", form(email(), PASSWORD, " ")))
                .get("error")
                .asText())
        .isEqualTo("invalid_name");
    HttpResponse<String> notJson = send("POST", "/api/v1/auth/signup", "{oops");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(ApiClient.json(notJson).get("error").asText()).isEqualTo("invalid_json");
    HttpResponse<String> noBody = send("POST", "/api/v1/auth/login", "");
    assertThat(noBody.statusCode()).isEqualTo(400);
  }

  @Test
  void aWrongPasswordAndAnUnknownEmailGetTheSameAnswer() throws Exception {
    String email = email();
    signUp(email);
    HttpResponse<String> wrong =
        send("POST", "/api/v1/auth/login", form(email, "not it at all", null));
    HttpResponse<String> unknown =
        send("POST", "/api/v1/auth/login", form(email(), "not it at all", null));
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(wrong.body()).isEqualTo(unknown.body());
    assertThat(ApiClient.json(wrong).get("error").asText()).isEqualTo("invalid_credentials");
    assertThat(logIn(email, PASSWORD).session()).isNotBlank();
  }

  @Test
  void repeatedFailuresOnOneAccountAreThrottledEvenForTheRightPassword() throws Exception {
    String email = email();
    signUp(email);
    for (int i = 0; i < 5; i++) {
      assertThat(
              send("POST", "/api/v1/auth/login", form(email, "wrong guess " + i, null))
                  .statusCode())
          .isEqualTo(401);
      Thread.sleep(600); // under the per-address budget of sign-in requests
    }
    HttpResponse<String> throttled =
        send("POST", "/api/v1/auth/login", form(email, PASSWORD, null));
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(ApiClient.json(throttled).get("error").asText()).isEqualTo("too_many_attempts");
    assertThat(Integer.parseInt(throttled.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1, 15 * 60);
    // The same for an email with no account: the throttle does not tell them apart.
    String nobody = email();
    for (int i = 0; i < 5; i++) {
      send("POST", "/api/v1/auth/login", form(nobody, "wrong guess " + i, null));
      Thread.sleep(600);
    }
    assertThat(send("POST", "/api/v1/auth/login", form(nobody, "x", null)).statusCode())
        .isEqualTo(429);
  }

  @Test
  void cookieChangesNeedTheCsrfHeaderAndBearerOnesDoNot() throws Exception {
    Browser browser = signUp(email());
    String token =
        ApiClient.json(
                send(
                    "POST",
                    "/api/v1/tokens",
                    "{\"name\":\"cli\"}",
                    "Cookie",
                    browser.cookieHeader(),
                    "X-CSRF-Token",
                    browser.csrf()))
            .get("token")
            .asText();
    assertThat(token).startsWith("ct_");
    for (String[] change :
        List.of(
            new String[] {"POST", "/api/v1/tokens", "{\"name\":\"x\"}"},
            new String[] {"POST", "/api/v1/sessions", null},
            new String[] {"POST", "/api/v1/sessions/" + UUID.randomUUID() + "/retry", null},
            new String[] {"POST", "/api/v1/sessions/" + UUID.randomUUID() + "/cancel", null},
            new String[] {"DELETE", "/api/v1/tokens/" + UUID.randomUUID(), null},
            new String[] {"POST", "/api/v1/me/password", "{}"},
            new String[] {"POST", "/api/v1/auth/logout", null})) {
      HttpResponse<String> without =
          send(change[0], change[1], change[2], "Cookie", browser.cookieHeader());
      assertThat(without.statusCode()).as(change[0] + " " + change[1]).isEqualTo(403);
      assertThat(ApiClient.json(without).get("error").asText()).isEqualTo("csrf_failed");
      HttpResponse<String> wrong =
          send(
              change[0],
              change[1],
              change[2],
              "Cookie",
              browser.cookieHeader(),
              "X-CSRF-Token",
              "guessed");
      assertThat(wrong.statusCode()).as(change[0] + " " + change[1]).isEqualTo(403);
    }
    HttpResponse<String> byToken =
        send("POST", "/api/v1/tokens", "{\"name\":\"script\"}", "Authorization", "Bearer " + token);
    assertThat(byToken.statusCode()).isEqualTo(201);
  }

  @Test
  void signingOutRevokesTheSessionAndClearsTheCookies() throws Exception {
    String email = email();
    Browser browser = signUp(email);
    HttpResponse<String> out =
        send(
            "POST",
            "/api/v1/auth/logout",
            null,
            "Cookie",
            browser.cookieHeader(),
            "X-CSRF-Token",
            browser.csrf());
    assertThat(out.statusCode()).isEqualTo(204);
    assertThat(setCookie(out, "ct_session").orElseThrow()).contains("Max-Age=0");
    HttpResponse<String> after = send("GET", "/api/v1/me", null, "Cookie", browser.cookieHeader());
    assertThat(after.statusCode()).isEqualTo(401);
    assertThat(ApiClient.json(after).get("error").asText()).isEqualTo("unauthenticated");
  }

  @Test
  void changingThePasswordSignsOutEveryOtherBrowser() throws Exception {
    String email = email();
    Browser first = signUp(email);
    Browser second = logIn(email, PASSWORD);
    String newPassword = "an even longer and stranger passphrase";
    HttpResponse<String> changed =
        send(
            "POST",
            "/api/v1/me/password",
            "{\"current_password\":\"" + PASSWORD + "\",\"new_password\":\"" + newPassword + "\"}",
            "Cookie",
            first.cookieHeader(),
            "X-CSRF-Token",
            first.csrf());
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(204);
    Browser renewed = browser(changed);

    assertThat(send("GET", "/api/v1/me", null, "Cookie", second.cookieHeader()).statusCode())
        .isEqualTo(401);
    assertThat(send("GET", "/api/v1/me", null, "Cookie", first.cookieHeader()).statusCode())
        .isEqualTo(401);
    assertThat(send("GET", "/api/v1/me", null, "Cookie", renewed.cookieHeader()).statusCode())
        .isEqualTo(200);
    assertThat(send("POST", "/api/v1/auth/login", form(email, PASSWORD, null)).statusCode())
        .isEqualTo(401);
    assertThat(logIn(email, newPassword).session()).isNotBlank();
  }

  @Test
  void operatorsAreNamedByEmailAndSeeEveryonesSessions() throws Exception {
    Browser coach = signUp(email());
    assertThat(
            send("GET", "/api/v1/sessions?scope=all", null, "Cookie", coach.cookieHeader())
                .statusCode())
        .isEqualTo(403);
    HttpResponse<String> op =
        send("POST", "/api/v1/auth/signup", form("op@example.com", PASSWORD, "Operator"));
    Browser operator = browser(op);
    assertThat(
            ApiClient.json(send("GET", "/api/v1/me", null, "Cookie", operator.cookieHeader()))
                .get("role")
                .asText())
        .isEqualTo("operator");
    assertThat(
            send("GET", "/api/v1/sessions?scope=all", null, "Cookie", operator.cookieHeader())
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void anOperatorsCoachAddPrintsAOneTimeLinkToSetAPassword(@TempDir Path dir) throws Exception {
    String email = email();
    String printed = runCoachAdd(dir, email, "Ben Okafor");
    Matcher link = Pattern.compile("/set-password\\?token=(\\S+)").matcher(printed);
    assertThat(link.find()).as(printed).isTrue();
    String token = URLDecoder.decode(link.group(1), StandardCharsets.UTF_8);
    assertThat(send("POST", "/api/v1/auth/login", form(email, PASSWORD, null)).statusCode())
        .as("no password yet")
        .isEqualTo(401);

    HttpResponse<String> weak =
        send(
            "POST",
            "/api/v1/auth/password",
            "{\"token\":\"" + token + "\",\"password\":\"short\"}");
    assertThat(weak.statusCode()).isEqualTo(400);
    HttpResponse<String> set =
        send(
            "POST",
            "/api/v1/auth/password",
            "{\"token\":\"" + token + "\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
    assertThat(ApiClient.json(set).get("name").asText()).isEqualTo("Ben Okafor");
    assertThat(cookie(set, "ct_session")).isPresent();
    HttpResponse<String> again =
        send(
            "POST",
            "/api/v1/auth/password",
            "{\"token\":\"" + token + "\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(ApiClient.json(again).get("error").asText()).isEqualTo("invalid_link");
    assertThat(logIn(email, PASSWORD).session()).isNotBlank();
  }

  @Test
  void everyAnswerCarriesTheSecurityHeaders() throws Exception {
    for (String path : new String[] {"/", "/assets/app.css", "/api/v1/me", "/api/v1/auth/config"}) {
      HttpResponse<String> response = send("GET", path, null);
      assertThat(response.headers().firstValue("Content-Security-Policy"))
          .as(path)
          .hasValueSatisfying(
              csp -> assertThat(csp).contains("default-src 'self'", "frame-ancestors 'none'"));
      assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(response.headers().firstValue("Referrer-Policy")).isPresent();
      assertThat(response.headers().firstValue("Strict-Transport-Security"))
          .as("not over plain HTTP")
          .isEmpty();
    }
    JsonNode config = ApiClient.json(send("GET", "/api/v1/auth/config", null));
    assertThat(config.get("mode").asText()).isEqualTo("local");
    assertThat(config.get("signup").asText()).isEqualTo("open");
  }

  /** The real command, in this JVM, against the test app's database as an external one. */
  private static String runCoachAdd(Path dir, String email, String name) throws IOException {
    Path config = dir.resolve("coach-add.yml");
    Files.writeString(
        config,
        "dataDir: '"
            + dir
            + "'\nmigrateOnStart: false\ndatabase:\n  driverClass: org.postgresql.Driver\n  url: '"
            + APP.getConfiguration().getDatabase().getUrl()
            + "'\n  user: postgres\n  password: ''\nauth:\n  publicUrl: https://coach.example.org\n"
            + "logging:\n  level: WARN\n");
    TranscriptionApplication application = new TranscriptionApplication();
    Bootstrap<TranscriptionConfiguration> bootstrap = new Bootstrap<>(application);
    application.initialize(bootstrap);
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    PrintStream captured = new PrintStream(output, true, StandardCharsets.UTF_8);
    PrintStream stdout = System.out;
    System.setOut(captured);
    try {
      Optional<Throwable> failure =
          new Cli(new JarLocation(LocalAccountsTest.class), bootstrap, captured, captured)
              .run("coach", "add", email, name, config.toString());
      assertThat(failure).as(output.toString(StandardCharsets.UTF_8)).isEmpty();
    } finally {
      System.setOut(stdout);
    }
    String printed = output.toString(StandardCharsets.UTF_8);
    assertThat(printed).contains("https://coach.example.org/set-password?token=");
    return printed;
  }
}
