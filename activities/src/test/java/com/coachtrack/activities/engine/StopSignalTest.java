package com.coachtrack.activities.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StopSignalTest {
  private final StopSignal stop = new StopSignal();
  private final List<String> ran = new ArrayList<>();

  @Test
  void raisingRunsEveryRegisteredActionOnce() {
    stop.onStop(() -> ran.add("kill engine"));
    stop.onStop(() -> ran.add("kill helper"));

    stop.raise();
    stop.raise();

    assertThat(ran).containsExactly("kill engine", "kill helper");
    assertThat(stop.isRaised()).isTrue();
  }

  @Test
  void anActionRegisteredAfterTheStopRunsAtOnce() {
    stop.raise();

    stop.onStop(() -> ran.add("kill late starter"));

    assertThat(ran).containsExactly("kill late starter");
  }

  @Test
  void aWithdrawnActionDoesNotRun() {
    StopRegistration exited = stop.onStop(() -> ran.add("kill exited process"));
    stop.onStop(() -> ran.add("kill running process"));

    exited.close();
    exited.close();
    stop.raise();

    assertThat(ran).containsExactly("kill running process");
  }

  @Test
  void aFailingActionDoesNotKeepTheOthersFromRunning() {
    stop.onStop(
        () -> {
          throw new IllegalStateException("no such process");
        });
    stop.onStop(() -> ran.add("kill helper"));

    stop.raise();

    assertThat(ran).containsExactly("kill helper");
  }

  @Test
  void notRaisedUntilRaised() {
    stop.onStop(() -> ran.add("kill"));

    assertThat(stop.isRaised()).isFalse();
    assertThat(ran).isEmpty();
  }
}
