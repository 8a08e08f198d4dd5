package com.coachtrack.activities.engine;

import com.coachtrack.workflows.activities.Word;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** An engine whose behaviour a test writes, for exact timings and failures; named "scripted". */
public record ScriptedEngine(EngineScript script) implements SpeechEngine {
  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public void transcribe(InputStream pcm, double offsetSeconds, Consumer<Word> onWord)
      throws IOException {
    script.run(pcm, offsetSeconds, onWord);
  }
}
