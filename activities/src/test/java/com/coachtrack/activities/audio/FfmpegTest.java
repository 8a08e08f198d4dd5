package com.coachtrack.activities.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FfmpegTest {
  /** Generates 30 s of tone at real-time speed: a stand-in for a decode that takes a while. */
  private static final List<String> SLOW =
      List.of("-loglevel", "error", "-re", "-f", "lavfi", "-i", "sine=d=30", "-f", "null", "-");

  @Test
  void locatesAnExecutableFfmpegOnce() {
    Ffmpeg ffmpeg = Ffmpeg.locate();

    assertThat(Files.isExecutable(ffmpeg.executable())).isTrue();
    assertThat(Ffmpeg.locate()).isSameAs(ffmpeg);
  }

  @Test
  void bundledBuildRunsWithoutAnyInstall() throws IOException {
    FfmpegRun run = Ffmpeg.bundled().run(List.of("-version"), Duration.ofSeconds(30));

    assertThat(run.succeeded()).isTrue();
    assertThat(run.stdout()).startsWith("ffmpeg version");
  }

  @Test
  void capturesExitCodeAndErrors() throws IOException {
    FfmpegRun run =
        Ffmpeg.locate().run(List.of("-i", "file:/nonexistent/input.wav"), Duration.ofSeconds(30));

    assertThat(run.succeeded()).isFalse();
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stderr()).contains("No such file or directory");
  }

  @Test
  void longOutputKeepsItsHeadAndTail() throws IOException {
    // One line per audio packet of two minutes of tone: far more than the capture keeps.
    FfmpegRun run =
        Ffmpeg.locate()
            .run(
                List.of(
                    "-loglevel", "error", "-f", "lavfi", "-i", "sine=d=120", "-f", "framecrc", "-"),
                Duration.ofMinutes(1));

    assertThat(run.succeeded()).isTrue();
    assertThat(run.stdout()).contains("bytes left out").hasSizeLessThan(70 * 1024);
    assertThat(run.stdout()).startsWith("#").contains("0,    5291008,    5291008");
  }

  @Test
  void killsFfmpegAfterTheTimeout() {
    long started = System.nanoTime();

    assertThatThrownBy(() -> Ffmpeg.locate().run(SLOW, Duration.ofMillis(500)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("did not finish within");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void ticksWhileRunningAndStopsWhenTheTickThrows() {
    AtomicInteger ticks = new AtomicInteger();
    long started = System.nanoTime();

    assertThatThrownBy(
            () ->
                Ffmpeg.locate()
                    .run(
                        SLOW,
                        Duration.ofMinutes(1),
                        () -> {
                          if (ticks.incrementAndGet() == 2) {
                            throw new IllegalStateException("cancelled");
                          }
                        }))
        .hasMessage("cancelled");
    assertThat(ticks).hasValue(2);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void interruptionKillsFfmpeg() throws InterruptedException {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Ffmpeg.locate().run(SLOW, Duration.ofMinutes(1)))
          .isInstanceOf(java.io.InterruptedIOException.class);
      assertThat(Thread.interrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
