package com.coachtrack.service.cli;

import com.coachtrack.service.auth.CredentialReader;
import java.util.Map;

/**
 * Who the command says it is on every request: a personal access token for a running server, or,
 * for the server it runs itself, the coach name with that server's one-run proxy secret.
 *
 * @param description how messages name the caller ("coach ana", "your access token")
 */
public record Caller(String description, Map<String, String> headers) {

  public static Caller token(String token) {
    return new Caller("your access token", Map.of("Authorization", "Bearer " + token));
  }

  public static Caller embedded(String coach, String proxySecret) {
    return new Caller(
        "coach " + coach,
        Map.of(CredentialReader.COACH_HEADER, coach, CredentialReader.SECRET_HEADER, proxySecret));
  }

  @Override
  public String toString() {
    return "Caller[" + description + "]";
  }
}
