package com.coachtrack.activities.engine;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the caller of {@link SpeechEngine#transcribe} gives a transcription up (a cancellation, a
 * stalled engine, a failed database). The PCM stream also fails on its next read by then, which
 * ends an engine that reads in the caller's thread; an engine that can block anywhere else (a child
 * process that stops reading its input or writing its output) registers here what ends it.
 *
 * <p>One signal serves one transcription. It is raised once; an action registered after that runs
 * at once, so an engine that is slow to start cannot miss it.
 */
public final class StopSignal {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);

  private final List<Runnable> actions = new ArrayList<>();
  private boolean raised;

  /**
   * Runs {@code action} when the signal is raised, in the raising thread, or at once if it already
   * was. Close the registration when the action no longer applies (its process has exited), so that
   * a late stop does not act on something else.
   */
  public StopRegistration onStop(Runnable action) {
    synchronized (this) {
      if (!raised) {
        actions.add(action);
        return () -> forget(action);
      }
    }
    runQuietly(action);
    return () -> {};
  }

  /** Runs every registered action, once; later calls do nothing. */
  public void raise() {
    List<Runnable> toRun;
    synchronized (this) {
      if (raised) {
        return;
      }
      raised = true;
      toRun = List.copyOf(actions);
      actions.clear();
    }
    toRun.forEach(StopSignal::runQuietly);
  }

  public synchronized boolean isRaised() {
    return raised;
  }

  private synchronized void forget(Runnable action) {
    actions.remove(action);
  }

  /** One failing action must not keep the others (another process to kill) from running. */
  private static void runQuietly(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      LOG.warn("Stopping a transcription failed", e);
    }
  }
}
