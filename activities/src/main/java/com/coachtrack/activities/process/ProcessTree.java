package com.coachtrack.activities.process;

import java.util.List;

/** Ends a child process together with the processes it started. */
public final class ProcessTree {
  private ProcessTree() {}

  /**
   * Kills {@code process} and its descendants at once (SIGKILL: a hung program may ignore a polite
   * signal). The descendants matter as much as the process: one that inherited its output keeps the
   * pipe open, so a reader waiting for the end of that output would wait on after the process died.
   * They are listed before the process dies, since afterwards they no longer descend from it.
   *
   * <p>The process is killed through its handle: {@link Process#destroyForcibly} would also close
   * our ends of its pipes, and a thread still reading its output would then fail with "Stream
   * closed" instead of seeing the output end.
   */
  public static void kill(Process process) {
    if (!process.isAlive()) {
      // Its children, if any, are no longer its children; and its pid may be reused.
      return;
    }
    List<ProcessHandle> descendants = process.descendants().toList();
    process.toHandle().destroyForcibly();
    descendants.forEach(ProcessHandle::destroyForcibly);
  }
}
