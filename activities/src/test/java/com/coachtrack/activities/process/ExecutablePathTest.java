package com.coachtrack.activities.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class ExecutablePathTest {

  @Test
  void findsProgramsOnThePath() {
    assertThat(ExecutablePath.find("sh"))
        .hasValueSatisfying(path -> assertThat(Files.isExecutable(path)).isTrue());
  }

  @Test
  void missingProgramsAreEmpty() {
    assertThat(ExecutablePath.find("no-such-program-coachtrack")).isEmpty();
  }
}
