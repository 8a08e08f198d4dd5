package com.coachtrack.service.status;

/**
 * What a status poll is answered with: the entity tag, and the body unless the poller's copy is
 * current (304).
 */
public record PollAnswer(String entityTag, byte[] body) {

  public boolean notModified() {
    return body == null;
  }
}
