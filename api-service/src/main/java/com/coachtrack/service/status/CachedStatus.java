package com.coachtrack.service.status;

import com.coachtrack.workflows.status.SessionStatus;

/**
 * One serialised status answer: the exact bytes sent, their entity tag, and whose session it is.
 */
public record CachedStatus(String coachId, SessionStatus status, byte[] body, String entityTag) {}
