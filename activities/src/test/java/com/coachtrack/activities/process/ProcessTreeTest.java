package com.coachtrack.activities.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.activities.testing.ProcStat;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessTreeTest {

  @Test
  void killsTheProcessAndTheChildrenThatKeepItsOutputOpen() throws Exception {
    // The shell prints its sleeping child's pid and waits for it; the child inherits stdout.
    Process shell = new ProcessBuilder("/bin/sh", "-c", "sleep 3600 & echo $!; wait").start();
    long child;
    try (BufferedReader out =
        new BufferedReader(new InputStreamReader(shell.getInputStream(), StandardCharsets.UTF_8))) {
      child = Long.parseLong(out.readLine().strip());
      try {
        ProcessTree.kill(shell);

        assertThat(shell.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ProcStat.goneWithin(child, Duration.ofSeconds(2))).isTrue();
        // Nobody holds the output open any more: a reader sees its end.
        assertThat(out.readLine()).isNull();
      } finally {
        ProcessHandle.of(child).ifPresent(ProcessHandle::destroyForcibly);
        shell.destroyForcibly();
      }
    }
  }

  @Test
  void anEndedProcessIsLeftAlone() throws IOException, InterruptedException {
    Process done = new ProcessBuilder("/bin/true").start();
    done.waitFor();

    ProcessTree.kill(done);

    assertThat(done.exitValue()).isZero();
  }
}
