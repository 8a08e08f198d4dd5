package com.coachtrack.activities.engine;

import com.coachtrack.workflows.activities.Word;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * An engine that takes a chunk's audio at once (a speech server, whisper in process): its reads say
 * nothing about how far it is, so it tells its position through {@link EngineProgress}.
 */
public interface WholeChunkEngine extends SpeechEngine {

  @Override
  default boolean tellsPosition() {
    return true;
  }

  /** Without anyone to tell: the same work, its position kept to itself. */
  @Override
  default void transcribe(
      InputStream pcm, double offsetSeconds, Consumer<Word> onWord, StopSignal stop)
      throws IOException {
    transcribe(pcm, offsetSeconds, onWord, stop, EngineProgress.NONE);
  }

  @Override
  void transcribe(
      InputStream pcm,
      double offsetSeconds,
      Consumer<Word> onWord,
      StopSignal stop,
      EngineProgress progress)
      throws IOException;
}
