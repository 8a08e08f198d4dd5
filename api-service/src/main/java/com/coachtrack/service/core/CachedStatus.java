package com.coachtrack.service.core;

import com.coachtrack.workflows.SessionStatus;

/**
 * One serialised status answer: the exact bytes sent, their entity tag, and whose session it is.
 */
public record CachedStatus(String coachId, SessionStatus status, byte[] body, String entityTag) {}
