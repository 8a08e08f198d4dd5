package com.coachtrack.activities.engine;

import com.coachtrack.workflows.activities.Word;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * An engine whose behaviour a test writes, for exact timings and failures; named "scripted". It
 * reads in the caller's thread, so the stream's abort stops it and it ignores the stop signal.
 */
public record ScriptedEngine(EngineScript script) implements SpeechEngine {
  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public void transcribe(
      InputStream pcm, double offsetSeconds, Consumer<Word> onWord, StopSignal stop)
      throws IOException {
    script.run(pcm, offsetSeconds, onWord);
  }
}
