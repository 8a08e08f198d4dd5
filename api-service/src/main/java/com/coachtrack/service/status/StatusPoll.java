package com.coachtrack.service.status;

import com.coachtrack.service.access.Budget;
import com.coachtrack.service.access.RateLimits;
import com.coachtrack.service.auth.Coach;
import com.coachtrack.service.errors.ApiException;
import com.coachtrack.service.sessions.SessionIds;
import com.codahale.metrics.Timer;

/**
 * The one implementation of {@code GET /api/v1/sessions/{id}/status}: the coach's rate limit, the
 * id check, the cached answer and the conditional request. Both ways a poll arrives call it: {@link
 * StatusPollFilter} before Jersey (the fast path, see bench/status-load) and the Jersey resource,
 * so they cannot answer differently and one timer counts every poll.
 */
public final class StatusPoll {
  private final StatusAnswers answers;
  private final RateLimits limits;
  private final Timer polls;

  public StatusPoll(StatusAnswers answers, RateLimits limits, Timer polls) {
    this.answers = answers;
    this.limits = limits;
    this.polls = polls;
  }

  /**
   * @param sessionId the id as it appears in the path
   * @param ifNoneMatch the request's {@code If-None-Match} header, or null
   * @throws ApiException 429 over the coach's rate, 400 for a malformed id, 404 for a session that
   *     does not exist or is not this coach's
   */
  public PollAnswer answer(Coach coach, String sessionId, String ifNoneMatch) {
    try (Timer.Context timing = polls.time()) {
      limits.acquire(Budget.STATUS, "coach:" + coach.id());
      CachedStatus status = answers.answer(SessionIds.parse(sessionId), coach);
      String tag = '"' + status.entityTag() + '"';
      return new PollAnswer(tag, matches(ifNoneMatch, tag) ? null : status.body());
    }
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
