package com.coachtrack.service.status;

import com.coachtrack.service.access.CoachIdentity;
import com.coachtrack.service.access.CoachRateLimiter;
import com.codahale.metrics.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers well-formed status polls before Jersey sees them. Jersey's per-request work (routing,
 * injection, response processing) cost more CPU than everything else of a poll together, reading
 * the database included (bench/status-load). The answer comes from the same {@link StatusAnswers}
 * as {@link SessionsResource#status}, after the same rate limit; whatever is not a plain success
 * (no or bad coach header, a malformed id, a session that is not the coach's, the limit reached, a
 * database failure) goes on to Jersey, which stays the one place that decides errors.
 */
public final class StatusPollFilter implements Filter {
  private static final Pattern STATUS_PATH =
      Pattern.compile(
          "/api/v1/sessions/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/status");

  private final StatusAnswers answers;
  private final CoachRateLimiter rateLimiter;
  private final Timer polls;

  public StatusPollFilter(StatusAnswers answers, CoachRateLimiter rateLimiter, Timer polls) {
    this.answers = answers;
    this.rateLimiter = rateLimiter;
    this.polls = polls;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletRequest http = (HttpServletRequest) request;
    Timer.Context timing = polls.time();
    CachedStatus answer = "GET".equals(http.getMethod()) ? answerFor(http) : null;
    if (answer == null) {
      chain.doFilter(request, response);
      return;
    }
    write(answer, http, (HttpServletResponse) response);
    timing.stop();
  }

  private CachedStatus answerFor(HttpServletRequest http) {
    Matcher path = STATUS_PATH.matcher(http.getRequestURI());
    if (!path.matches()) {
      return null;
    }
    try {
      String coach = CoachIdentity.require(http.getHeader(CoachIdentity.HEADER));
      CachedStatus answer = answers.answer(UUID.fromString(path.group(1)), coach);
      return rateLimiter.tryAcquire(coach) ? answer : null;
    } catch (RuntimeException e) {
      // No or a bad coach header, not found, the database down: Jersey asks again and answers with
      // the
      // proper error.
      return null;
    }
  }

  private static void write(CachedStatus answer, HttpServletRequest http, HttpServletResponse out)
      throws IOException {
    String tag = '"' + answer.entityTag() + '"';
    out.setHeader("ETag", tag);
    if (matches(http.getHeader("If-None-Match"), tag)) {
      out.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
      return;
    }
    out.setStatus(HttpServletResponse.SC_OK);
    out.setContentType("application/json");
    out.setContentLength(answer.body().length);
    out.getOutputStream().write(answer.body());
  }

  /**
   * If-None-Match by weak comparison, as for any GET: a list of tags, each maybe W/-prefixed, or *.
   */
  static boolean matches(String ifNoneMatch, String tag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String value = candidate.strip();
      if (value.equals("*") || (value.startsWith("W/") ? value.substring(2) : value).equals(tag)) {
        return true;
      }
    }
    return false;
  }
}
