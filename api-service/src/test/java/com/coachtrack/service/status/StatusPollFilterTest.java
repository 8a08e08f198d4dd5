package com.coachtrack.service.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which requests the fast path takes, and how it reads a conditional request. */
class StatusPollFilterTest {

  @ParameterizedTest
  @CsvSource(
      nullValues = "null",
      value = {
        "/api/v1/sessions/abc/status, abc",
        "/api/v1/sessions/1b4e28ba-2fa1-11d2-883f-0016d3cca427/status,"
            + " 1b4e28ba-2fa1-11d2-883f-0016d3cca427",
        "/api/v1/sessions/status, null",
        "/api/v1/sessions//status, null",
        "/api/v1/sessions/a/b/status, null",
        "/api/v1/sessions/abc/history, null",
        "/api/v1/sessions/abc/status/, null",
        "/, null"
      })
  void takesOnlyTheSingleSessionStatusPath(String path, String id) {
    assertThat(StatusPollFilter.sessionId(path)).isEqualTo(id);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "null",
      value = {
        "\"t1\"| true",
        "W/\"t1\"| true",
        "\"other\", \"t1\"| true",
        "*| true",
        "\"other\"| false",
        "t1| false",
        "null| false"
      })
  void ifNoneMatchComparesWeakly(String header, boolean matches) {
    assertThat(StatusPoll.matches(header, "\"t1\"")).isEqualTo(matches);
  }
}
