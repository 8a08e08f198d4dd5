package com.coachtrack.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coachtrack.service.errors.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The double-submit rule: who needs the header, and what it must match. */
class CsrfTest {

  @ParameterizedTest(name = "{0} by {1}: cookie {2}, header {3} -> {4}")
  @CsvSource(
      nullValues = "null",
      value = {
        "POST, SESSION, t1, t1, ok",
        "POST, SESSION, t1, null, refused",
        "POST, SESSION, t1, t2, refused",
        "POST, SESSION, null, null, refused",
        "DELETE, SESSION, t1, null, refused",
        "PUT, SESSION, t1, T1, refused",
        "GET, SESSION, null, null, ok",
        "HEAD, SESSION, null, null, ok",
        "POST, TOKEN, null, null, ok",
        "POST, JWT, null, null, ok",
        "POST, PROXY, null, null, ok"
      })
  void changesMadeWithTheSessionCookieNeedTheMatchingHeader(
      String method, Coach.Via via, String cookie, String header, String outcome) {
    FakeRequest request = FakeRequest.from("127.0.0.1").method(method);
    if (cookie != null) {
      request.cookie(CredentialReader.CSRF_COOKIE, cookie);
    }
    if (header != null) {
      request.with(CredentialReader.CSRF_HEADER, header);
    }
    Coach coach = new Coach("c", "C", null, false, via);
    if (outcome.equals("ok")) {
      assertThatCode(() -> Authentication.requireCsrf(coach, request.build()))
          .doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> Authentication.requireCsrf(coach, request.build()))
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.status()).isEqualTo(403);
                assertThat(e.code()).isEqualTo("csrf_failed");
              });
    }
  }
}
