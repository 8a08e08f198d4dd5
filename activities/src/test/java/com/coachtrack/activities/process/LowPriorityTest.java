package com.coachtrack.activities.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LowPriorityTest {

  @Test
  void startsTheProgramThroughNiceByTen() {
    assertThat(LowPriority.through(Path.of("/usr/bin/nice")).command(List.of("decoder", "-x", "1")))
        .containsExactly("/usr/bin/nice", "-n", "10", "decoder", "-x", "1");
  }

  @Test
  void withoutNiceTheProgramStartsAsItIs() {
    assertThat(LowPriority.unavailable().command(List.of("decoder", "-x", "1")))
        .containsExactly("decoder", "-x", "1");
  }

  @Test
  void usesTheNiceOnThePathWhenThereIsOne() {
    List<String> command = LowPriority.fromPath().command(List.of("decoder"));

    if (ExecutablePath.find("nice").isPresent()) {
      assertThat(command).hasSize(4).endsWith("-n", "10", "decoder");
      assertThat(Path.of(command.get(0)).getFileName()).hasToString("nice");
    } else {
      assertThat(command).containsExactly("decoder");
    }
  }
}
