package com.coachtrack.activities.webhooks;

import com.coachtrack.store.SessionRow;
import com.coachtrack.workflows.activities.SessionEvent;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.SessionStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The body of a session event, in the Standard Webhooks shape {@code {type, timestamp, data}}. Made
 * once when the delivery is queued and sent unchanged with every attempt.
 */
public final class WebhookPayloads {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WebhookPayloads() {}

  /**
   * @param publicUrl where coaches reach the web app, for the links in it
   */
  public static String of(SessionEvent event, SessionRow session, String publicUrl) {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", event.eventType());
    body.put("timestamp", Instant.ofEpochMilli(event.atMillis()).toString());
    ObjectNode data = body.putObject("data");
    data.put("session_id", session.id().toString());
    data.put("coach_id", session.coachId());
    data.put("status", event.status().wireName());
    data.put("attempt", event.attempt());
    data.put("title", session.title());
    data.put("original_filename", session.originalFilename());
    data.put("duration_seconds", tenths(session.durationTotal()));
    data.put("processing_seconds", tenths(processingSeconds(session, event.status())));
    if (event.status() == SessionStatus.COMPLETED && session.wordCount() != null) {
      data.put("word_count", session.wordCount());
    } else {
      data.putNull("word_count");
    }
    data.put("url", sessionUrl(publicUrl, session.id().toString()));
    ErrorCode code = event.errorCode();
    if (code == null) {
      data.putNull("error");
    } else {
      ObjectNode error = data.putObject("error");
      error.put("code", code.wireName());
      error.put("retryable", code.retryable());
      error.put("message", code.userMessage());
      error.put("next_steps", code.nextSteps());
      error.put("help_url", publicUrl + "/help/troubleshooting#" + code.wireName());
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A tree of strings and numbers always serialises", e);
    }
  }

  public static String sessionUrl(String publicUrl, String sessionId) {
    return publicUrl + "/sessions/" + sessionId;
  }

  /** Wall-clock seconds spent working on the session, over all its attempts so far. */
  public static double processingSeconds(SessionRow session, SessionStatus status) {
    if (status == SessionStatus.COMPLETED && session.processingSeconds() != null) {
      return session.processingSeconds();
    }
    return session.activeSecondsBefore();
  }

  private static double tenths(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }
}
