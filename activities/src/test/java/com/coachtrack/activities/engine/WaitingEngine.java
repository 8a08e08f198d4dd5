package com.coachtrack.activities.engine;

import com.coachtrack.workflows.activities.DecodedAudio;
import com.coachtrack.workflows.activities.Word;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.function.Consumer;

/**
 * An engine that behaves like a speech server, for tests: it reads the whole chunk at once, says it
 * is waiting on it, answers one word after {@code answerMillis}, and then says it reached the end.
 * Named "remote".
 */
public record WaitingEngine(long answerMillis) implements WholeChunkEngine {
  @Override
  public String name() {
    return "remote";
  }

  @Override
  public void transcribe(
      InputStream pcm,
      double offsetSeconds,
      Consumer<Word> onWord,
      StopSignal stop,
      EngineProgress progress)
      throws IOException {
    double seconds = (double) pcm.readAllBytes().length / DecodedAudio.BYTES_PER_SECOND;
    progress.waiting(offsetSeconds, offsetSeconds + seconds);
    long until = System.nanoTime() + answerMillis * 1_000_000;
    while (System.nanoTime() < until) {
      if (stop.isRaised()) {
        throw new InterruptedIOException("stopped");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted");
      }
    }
    onWord.accept(new Word("answer", offsetSeconds + 0.5, offsetSeconds + 1.0, 0.9));
    progress.reached(offsetSeconds + seconds);
  }
}
