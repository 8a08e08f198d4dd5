package com.coachtrack.workflows.status;

import java.util.Locale;

/** The states a coach sees. See docs/state-machine.md. */
public enum SessionStatus {
  PENDING,
  PROCESSING,
  COMPLETED,
  FAILED,
  CANCELLED;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static SessionStatus fromWireName(String value) {
    return valueOf(value.toUpperCase(Locale.ROOT));
  }

  /** Final states end the work; FAILED is final for polling but can be retried. */
  public boolean isFinal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
