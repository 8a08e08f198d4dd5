package com.coachtrack.activities.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coachtrack.activities.testing.TestAudio;
import com.coachtrack.activities.text.WordErrorRate;
import com.coachtrack.workflows.activities.Word;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sphinx4 runs at about real time here, so only librivox.wav (24.7 s) is recognised in full. One
 * engine serves all tests, in order, so that its model (seconds to load) is loaded once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class Sphinx4EngineTest {
  private static final Logger LOG = LoggerFactory.getLogger(Sphinx4EngineTest.class);
  private static final Sphinx4Engine ENGINE = new Sphinx4Engine(1);

  private final Sphinx4Engine engine = ENGINE;

  @Test
  @Order(1)
  void recognisesReadSpeechWithinTheWordErrorBudgetAndReusesItsModel() throws IOException {
    byte[] pcm = Files.readAllBytes(TestAudio.pcm("librivox.wav"));
    List<Word> words = new ArrayList<>();

    long started = System.nanoTime();
    engine.transcribe(new ByteArrayInputStream(pcm), 100.0, words::add, new StopSignal());
    double seconds = (System.nanoTime() - started) / 1e9;

    String hypothesis = words.stream().map(Word::text).collect(Collectors.joining(" "));
    double wer = WordErrorRate.of(TestAudio.text("librivox-reference.txt"), hypothesis);
    LOG.info("Sphinx4 on librivox.wav: WER {} in {} s: {}", wer, seconds, hypothesis);
    assertThat(wer).isLessThanOrEqualTo(0.45);
    assertThat(words)
        .allSatisfy(
            word -> {
              assertThat(word.text())
                  .doesNotStartWith("<")
                  .doesNotStartWith("[")
                  .doesNotContain("(");
              assertThat(word.start()).isBetween(100.0, 124.8);
              assertThat(word.end())
                  .isGreaterThanOrEqualTo(word.start())
                  .isLessThanOrEqualTo(124.8);
              assertThat(word.confidence()).isBetween(0.0, 1.0);
            });
    assertThat(words).isSortedAccordingTo((a, b) -> Double.compare(a.start(), b.start()));
    assertThat(engine.idleRecognizers()).isEqualTo(1);

    // The loaded recognizer serves the next stream, whose times start from its own offset.
    List<Word> again = new ArrayList<>();
    engine.transcribe(
        new ByteArrayInputStream(pcm, 0, 3 * 32_000), 7.0, again::add, new StopSignal());
    assertThat(again)
        .isNotEmpty()
        .allSatisfy(word -> assertThat(word.start()).isBetween(7.0, 10.0));
    assertThat(again.get(0).text()).isEqualTo(words.get(0).text());
    assertThat(engine.idleRecognizers()).isEqualTo(1);
  }

  @Test
  @Order(2)
  void aFailingStreamPropagatesAndItsRecognizerIsDropped() {
    InputStream failing =
        new InputStream() {
          private int served;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (served > 32_000) {
              throw new IllegalStateException("cancelled");
            }
            served += len;
            return len;
          }
        };

    assertThatThrownBy(() -> engine.transcribe(failing, 0, word -> {}, new StopSignal()))
        .hasMessageContaining("cancelled");
    assertThat(engine.idleRecognizers()).isZero();
  }

  @Test
  void aChunkWaitingForAFreeRecognizerEndsWhenStopped() throws Exception {
    // No recognizer may ever be free, so the transcription waits until it is stopped.
    Sphinx4Engine full = new Sphinx4Engine(0);
    StopSignal stop = new StopSignal();
    CompletableFuture<Void> waiting =
        CompletableFuture.runAsync(
            () -> {
              try {
                full.transcribe(new ByteArrayInputStream(new byte[32_000]), 0, word -> {}, stop);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    Thread.sleep(500);
    assertThat(waiting).isNotDone();

    stop.raise();

    assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
        .hasRootCauseInstanceOf(InterruptedIOException.class)
        .hasMessageContaining("waiting for a free Sphinx4 recognizer");
  }

  @Test
  void hasAStableName() {
    assertThat(engine.name()).isEqualTo("sphinx4");
  }
}
