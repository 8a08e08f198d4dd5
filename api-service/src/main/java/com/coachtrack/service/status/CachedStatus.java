package com.coachtrack.service.status;

import com.coachtrack.workflows.status.SessionStatus;
import java.util.UUID;

/**
 * One serialised status answer: the exact bytes sent, their entity tag, whose session it is and its
 * version (the row's, see {@link com.coachtrack.store.SessionRow#version()}).
 */
public record CachedStatus(
    UUID sessionId,
    String coachId,
    SessionStatus status,
    long version,
    byte[] body,
    String entityTag) {}
