package com.coachtrack.store;

import java.util.UUID;

/**
 * What a {@link SessionChangeListener} tells, on its own thread: each method should only note the
 * fact and return, so notifications keep flowing.
 */
public interface SessionChangeHandler {

  /** A session row changed (or was created) and the change is committed. */
  void changed(UUID sessionId, String coachId);

  /**
   * The listener is (again) listening. {@code afterLoss}: notifications sent while it was not are
   * lost, so whatever they would have told must be read again.
   */
  void listening(boolean afterLoss);

  /** The listening connection failed; nothing is heard until {@link #listening} again. */
  void lost(Exception cause);
}
