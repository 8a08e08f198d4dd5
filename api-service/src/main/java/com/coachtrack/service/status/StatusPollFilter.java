package com.coachtrack.service.status;

import com.coachtrack.service.auth.Authentication;
import com.coachtrack.service.auth.Coach;
import com.coachtrack.service.errors.ApiException;
import com.coachtrack.service.errors.DatabaseOutage;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Status polls answered before Jersey sees them: Jersey's per-request work (routing, injection,
 * response processing) cost more CPU than everything else of a poll together, reading the database
 * included (bench/status-load). Who is asking comes from the same {@link Authentication} as
 * Jersey's auth filter, and the answer, and every refusal the caller caused, from {@link
 * StatusPoll}, the same code the Jersey resource runs; a database outage is told as everywhere
 * ({@link DatabaseOutage}), and any other failure of ours goes on to Jersey's exception mappers.
 */
public final class StatusPollFilter implements Filter {
  private static final String PREFIX = "/api/v1/sessions/";
  private static final String SUFFIX = "/status";

  private final Authentication authentication;
  private final StatusPoll poll;
  private final DatabaseOutage outage;
  private final ObjectMapper json;

  public StatusPollFilter(
      Authentication authentication, StatusPoll poll, DatabaseOutage outage, ObjectMapper json) {
    this.authentication = authentication;
    this.poll = poll;
    this.outage = outage;
    this.json = json;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    String sessionId = "GET".equals(http.getMethod()) ? sessionId(http.getRequestURI()) : null;
    if (sessionId == null) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletResponse out = (HttpServletResponse) response;
    try {
      Coach coach = authentication.require(http);
      write(poll.answer(coach, sessionId, http.getHeader("If-None-Match")), out);
    } catch (ApiException e) {
      refuse(e, out);
    } catch (RuntimeException e) {
      if (DatabaseOutage.isUnavailable(e)) {
        refuse(outage.refusal(e), out);
      } else {
        chain.doFilter(request, response);
      }
    }
  }

  /** The id part of {@code /api/v1/sessions/{id}/status}, or null for any other path. */
  static String sessionId(String path) {
    if (path.length() <= PREFIX.length() + SUFFIX.length()
        || !path.startsWith(PREFIX)
        || !path.endsWith(SUFFIX)) {
      return null;
    }
    String id = path.substring(PREFIX.length(), path.length() - SUFFIX.length());
    return id.isEmpty() || id.indexOf('/') >= 0 ? null : id;
  }

  private static void write(PollAnswer answer, HttpServletResponse out) throws IOException {
    out.setHeader("ETag", answer.entityTag());
    if (answer.notModified()) {
      out.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    out.setStatus(HttpServletResponse.SC_OK);
    out.setContentType("application/json");
    out.setContentLength(answer.body().length);
    out.getOutputStream().write(answer.body());
  }

  private void refuse(ApiException e, HttpServletResponse out) throws IOException {
    byte[] body = json.writeValueAsBytes(e.body());
    out.setStatus(e.status());
    if (e.retryAfterSeconds() != null) {
      out.setHeader("Retry-After", e.retryAfterSeconds().toString());
    }
    out.setContentType("application/json");
    out.setContentLength(body.length);
    out.getOutputStream().write(body);
  }
}
