package com.coachtrack.activities.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.coachtrack.activities.process.ExecutablePath;
import com.coachtrack.activities.process.LowPriority;
import com.coachtrack.activities.testing.ProcStat;
import com.coachtrack.activities.testing.StandInProgram;
import com.coachtrack.activities.testing.TestAudio;
import com.coachtrack.activities.text.WordErrorRate;
import com.coachtrack.workflows.activities.Word;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class PocketSphinxEngineTest {
  private static final Logger LOG = LoggerFactory.getLogger(PocketSphinxEngineTest.class);

  static boolean installed() {
    return PocketSphinxEngine.isInstalled();
  }

  @Test
  @EnabledIf("installed")
  void recognisesReadSpeechWithinTheWordErrorBudget() throws IOException {
    byte[] pcm = Files.readAllBytes(TestAudio.pcm("librivox.wav"));
    List<Word> words = new ArrayList<>();

    long started = System.nanoTime();
    new PocketSphinxEngine()
        .transcribe(new ByteArrayInputStream(pcm), 60.0, words::add, new StopSignal());
    double seconds = (System.nanoTime() - started) / 1e9;

    String hypothesis = words.stream().map(Word::text).collect(Collectors.joining(" "));
    double wer = WordErrorRate.of(TestAudio.text("librivox-reference.txt"), hypothesis);
    LOG.info("pocketsphinx on librivox.wav: WER {} in {} s: {}", wer, seconds, hypothesis);
    assertThat(wer).isLessThanOrEqualTo(0.45);
    assertThat(words)
        .allSatisfy(
            word -> {
              assertThat(word.text())
                  .doesNotStartWith("<")
                  .doesNotStartWith("[")
                  .doesNotContain("(");
              assertThat(word.start()).isBetween(60.0, 84.8);
              assertThat(word.end()).isGreaterThanOrEqualTo(word.start());
              assertThat(word.confidence()).isBetween(0.0, 1.0);
            });
    assertThat(words).isSortedAccordingTo((a, b) -> Double.compare(a.start(), b.start()));
    // "consider" is heard at 2.90 s into the recording.
    assertThat(words)
        .anySatisfy(
            word -> {
              assertThat(word.text()).isEqualTo("consider");
              assertThat(word.start()).isCloseTo(62.9, within(0.3));
            });
  }

  @Test
  @EnabledIf("installed")
  void aFailingStreamStopsTheProcessAndPropagates() {
    IllegalStateException cancelled = new IllegalStateException("cancelled");
    InputStream failing =
        new InputStream() {
          private int served;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (served > 64_000) {
              throw cancelled;
            }
            Arrays.fill(b, off, off + len, (byte) 0);
            served += len;
            return len;
          }
        };

    assertThatThrownBy(
            () -> new PocketSphinxEngine().transcribe(failing, 0, word -> {}, new StopSignal()))
        .isSameAs(cancelled);
  }

  @Test
  @EnabledIf("installed")
  void anIoFailureOfTheStreamPropagatesAsItself() {
    IOException broken = new IOException("disk gone");
    InputStream failing =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw broken;
          }
        };

    assertThatThrownBy(
            () -> new PocketSphinxEngine().transcribe(failing, 0, word -> {}, new StopSignal()))
        .isSameAs(broken);
  }

  @Test
  void runsAtLowPriorityAndAStopKillsTheProcessAndWhatItStarted(@TempDir Path dir)
      throws Exception {
    assumeTrue(ExecutablePath.find("nice").isPresent(), "nice is not installed");
    StandInProgram hanging = StandInProgram.hangingBeforeReading(dir);
    StopSignal stop = new StopSignal();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> running =
          thread.submit(
              () -> {
                new PocketSphinxEngine(hanging.path(), LowPriority.fromPath())
                    .transcribe(new ByteArrayInputStream(new byte[320_000]), 0, word -> {}, stop);
                return null;
              });
      long program = hanging.programPid();
      long child = hanging.childPid();

      int expected = Math.min(19, ownNiceness() + LowPriority.NICENESS);
      assertThat(ProcStat.niceness(program)).isEqualTo(expected);
      assertThat(ProcStat.niceness(child)).isEqualTo(expected);
      // Nothing ends it but the stop: it reads nothing and writes nothing.
      Thread.sleep(500);
      assertThat(running).isNotDone();

      long stopped = System.nanoTime();
      stop.raise();

      assertThatThrownBy(() -> running.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(InterruptedIOException.class)
          .hasMessageContaining("was stopped");
      LOG.info("Stopped a hung engine process in {} ms", (System.nanoTime() - stopped) / 1_000_000);
      assertThat(ProcStat.goneWithin(program, Duration.ofSeconds(2))).as("the program").isTrue();
      assertThat(ProcStat.goneWithin(child, Duration.ofSeconds(2))).as("its child").isTrue();
    } finally {
      hanging.killLeftovers();
      thread.shutdownNow();
    }
  }

  @Test
  void withoutNiceTheProcessRunsAtTheWorkersPriority(@TempDir Path dir) throws Exception {
    StandInProgram hanging = StandInProgram.hangingBeforeReading(dir);
    StopSignal stop = new StopSignal();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      Future<?> running =
          thread.submit(
              () -> {
                new PocketSphinxEngine(hanging.path(), LowPriority.unavailable())
                    .transcribe(new ByteArrayInputStream(new byte[320_000]), 0, word -> {}, stop);
                return null;
              });

      assertThat(ProcStat.niceness(hanging.programPid())).isEqualTo(ownNiceness());

      stop.raise();
      assertThatThrownBy(() -> running.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(InterruptedIOException.class);
    } finally {
      hanging.killLeftovers();
      thread.shutdownNow();
    }
  }

  private static int ownNiceness() {
    return ProcStat.niceness(ProcessHandle.current().pid());
  }

  @Test
  void parsesWordLinesAndSkipsEverythingElse() {
    assertThat(PocketSphinxEngine.parseWord("consider 2.900 3.440 1.000000", 10))
        .contains(new Word("consider", 12.9, 13.44, 1.0));
    assertThat(PocketSphinxEngine.parseWord("leisure(2) 2.260 2.710 0.500233", 0))
        .contains(new Word("leisure", 2.26, 2.71, 0.500233));
    assertThat(PocketSphinxEngine.parseWord("  s. 1.030 1.330 0.199690  ", 0))
        .map(Word::text)
        .contains("s.");
    assertThat(PocketSphinxEngine.parseWord("<s> 0.000 0.200 0.999800", 0)).isEmpty();
    assertThat(PocketSphinxEngine.parseWord("</s> 7.090 7.200 1.000000", 0)).isEmpty();
    assertThat(PocketSphinxEngine.parseWord("<sil> 3.910 3.930 0.544019", 0)).isEmpty();
    assertThat(PocketSphinxEngine.parseWord("[NOISE] 3.910 3.930 0.544019", 0)).isEmpty();
    assertThat(PocketSphinxEngine.parseWord("++BREATH++ 3.910 3.930 0.5", 0)).isEmpty();
    assertThat(PocketSphinxEngine.parseWord("(NULL) 3.910 3.930 0.5", 0)).isEmpty();
    assertThat(PocketSphinxEngine.parseWord("he was not until", 0)).isEmpty();
    assertThat(PocketSphinxEngine.parseWord("he was not", 0)).isEmpty();
    assertThat(PocketSphinxEngine.parseWord("", 0)).isEmpty();
  }

  @Test
  void wavHeaderIsTheCanonical44Bytes() {
    byte[] header = PocketSphinxEngine.wavHeader();
    ByteBuffer fields = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);

    assertThat(header).hasSize(44);
    assertThat(new String(header, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(new String(header, 8, 8, StandardCharsets.US_ASCII)).isEqualTo("WAVEfmt ");
    assertThat(fields.getShort(20)).isEqualTo((short) 1);
    assertThat(fields.getShort(22)).isEqualTo((short) 1);
    assertThat(fields.getInt(24)).isEqualTo(16_000);
    assertThat(fields.getInt(28)).isEqualTo(32_000);
    assertThat(fields.getShort(34)).isEqualTo((short) 16);
    assertThat(new String(header, 36, 4, StandardCharsets.US_ASCII)).isEqualTo("data");
  }

  @Test
  void hasAStableName() {
    if (installed()) {
      assertThat(new PocketSphinxEngine().name()).isEqualTo("pocketsphinx");
    } else {
      assertThatThrownBy(PocketSphinxEngine::new).isInstanceOf(IllegalStateException.class);
    }
  }
}
