package com.coachtrack.activities.webhooks;

import java.net.UnknownHostException;

/**
 * A webhook target that may not be called: it resolves to a private, loopback or otherwise internal
 * address that the operator did not allow. An {@link UnknownHostException} so that the HTTP client,
 * which asks for addresses while connecting, gives up the connection with it.
 */
public final class TargetRefusedException extends UnknownHostException {
  private static final long serialVersionUID = 1L;

  public TargetRefusedException(String message) {
    super(message);
  }
}
