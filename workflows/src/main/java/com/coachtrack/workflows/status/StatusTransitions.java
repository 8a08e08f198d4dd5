package com.coachtrack.workflows.status;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** The one place that decides which status changes are legal. */
public final class StatusTransitions {
  private static final Map<SessionStatus, Set<SessionStatus>> ALLOWED =
      Map.of(
          SessionStatus.PENDING,
              EnumSet.of(SessionStatus.PROCESSING, SessionStatus.FAILED, SessionStatus.CANCELLED),
          SessionStatus.PROCESSING,
              EnumSet.of(
                  SessionStatus.COMPLETED,
                  SessionStatus.FAILED,
                  SessionStatus.CANCELLED,
                  // A restarted embedded server re-queues interrupted work.
                  SessionStatus.PENDING),
          SessionStatus.FAILED, EnumSet.of(SessionStatus.PENDING, SessionStatus.CANCELLED),
          SessionStatus.COMPLETED, EnumSet.noneOf(SessionStatus.class),
          SessionStatus.CANCELLED, EnumSet.noneOf(SessionStatus.class));

  private StatusTransitions() {}

  public static boolean isAllowed(SessionStatus from, SessionStatus to) {
    return ALLOWED.get(from).contains(to);
  }

  /** True when no change can ever leave this status. */
  public static boolean isTerminal(SessionStatus status) {
    return ALLOWED.get(status).isEmpty();
  }

  public static void require(SessionStatus from, SessionStatus to) {
    if (!isAllowed(from, to)) {
      throw new IllegalTransitionException(from, to);
    }
  }
}
