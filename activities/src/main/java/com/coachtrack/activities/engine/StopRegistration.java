package com.coachtrack.activities.engine;

/** Withdraws an action registered with {@link StopSignal#onStop}; closing twice does nothing. */
@FunctionalInterface
public interface StopRegistration extends AutoCloseable {
  @Override
  void close();
}
