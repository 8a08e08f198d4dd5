package com.coachtrack.service.status;

import com.coachtrack.service.api.SessionStatusView;
import com.coachtrack.service.auth.Coach;
import com.coachtrack.service.errors.ApiException;
import com.coachtrack.store.StatusReader;
import com.coachtrack.store.StatusRow;
import com.coachtrack.workflows.status.SessionStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

/**
 * The answer to a status poll, built once and kept in the {@link StatusCache}: the view serialised
 * to the exact bytes sent and hashed for the ETag. Both ways a poll arrives (the cached-status
 * filter and the Jersey resource) go through here, so they cannot answer differently.
 */
public final class StatusAnswers {
  private final StatusReader reader;
  private final StatusViews views;
  private final StatusCache cache;
  private final ObjectMapper json;

  public StatusAnswers(
      StatusReader reader, StatusViews views, StatusCache cache, ObjectMapper json) {
    this.reader = reader;
    this.views = views;
    this.cache = cache;
    this.json = json;
  }

  /**
   * The coach's session's answer, at most a moment old; 404 if it is not theirs (an operator's:
   * anyone's) or does not exist.
   */
  public CachedStatus answer(UUID id, Coach coach) {
    return cache.get(id, coach, sessionId -> render(find(sessionId, coach)));
  }

  /** The session's stored snapshot, read now; 404 if it is not this coach's. */
  public StatusRow find(UUID id, Coach coach) {
    return reader.find(id, coach.id(), coach.operator()).orElseThrow(ApiException::notFound);
  }

  /** The coach's own session only, whatever their role; 404 otherwise. */
  public StatusRow findOwn(UUID id, Coach coach) {
    return reader.findForCoach(id, coach.id()).orElseThrow(ApiException::notFound);
  }

  public SessionStatusView view(StatusRow row) {
    return views.view(row);
  }

  /** After a command changed the session: the next poll reads it again. */
  public void changed(UUID id) {
    cache.invalidate(id);
  }

  /**
   * The session's answer read now, whoever it belongs to, and kept for the polls that follow; empty
   * when the session no longer exists. What an event stream sends on a change: the same bytes a
   * poll gets.
   */
  public Optional<CachedStatus> reload(UUID id) {
    Optional<CachedStatus> fresh = reader.find(id, "", true).map(this::render);
    fresh.ifPresentOrElse(answer -> cache.put(id, answer), () -> cache.invalidate(id));
    return fresh;
  }

  /** The answer for a row already read (a list of a coach's changed sessions). */
  public CachedStatus render(StatusRow row) {
    SessionStatusView view = views.view(row);
    byte[] body;
    try {
      body = json.writeValueAsBytes(view);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new CachedStatus(
        row.session().id(),
        row.session().coachId(),
        SessionStatus.fromWireName(view.status()),
        row.session().version(),
        body,
        hash(body));
  }

  private static String hash(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
