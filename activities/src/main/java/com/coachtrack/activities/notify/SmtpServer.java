package com.coachtrack.activities.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Where e-mail is handed over, from one URL: {@code smtp://user:password@host:587} (STARTTLS when
 * the server offers it; {@code ?starttls=required} insists on it) or {@code smtps://…:465} (TLS
 * from the first byte). User and password are percent-decoded, so {@code @} in a password is {@code
 * %40}.
 *
 * @param user null when the server takes mail without signing in
 */
public record SmtpServer(
    boolean tls, String host, int port, String user, String password, boolean startTlsRequired) {

  /**
   * @return empty for a blank URL (e-mail off)
   * @throws IllegalArgumentException when the URL is not one of the above, with what to write
   */
  public static Optional<SmtpServer> parse(String url) {
    if (url == null || url.isBlank()) {
      return Optional.empty();
    }
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw invalid(url);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("smtp") && !scheme.equals("smtps") || uri.getHost() == null) {
      throw invalid(url);
    }
    boolean tls = scheme.equals("smtps");
    int port = uri.getPort() > 0 ? uri.getPort() : tls ? 465 : 25;
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = decode(parts[0]);
      password = parts.length > 1 ? decode(parts[1]) : "";
    }
    String query = uri.getQuery() == null ? "" : uri.getQuery().toLowerCase(Locale.ROOT);
    return Optional.of(
        new SmtpServer(
            tls, uri.getHost(), port, user, password, query.contains("starttls=required")));
  }

  private static String decode(String part) {
    return URLDecoder.decode(part, StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException invalid(String url) {
    // The URL may hold a password: it is not repeated.
    return new IllegalArgumentException(
        "SMTP_URL must look like smtp://user:password@host:587 or smtps://user:password@host:465");
  }

  @Override
  public String toString() {
    return (tls ? "smtps://" : "smtp://") + (user == null ? "" : user + "@") + host + ":" + port;
  }
}
