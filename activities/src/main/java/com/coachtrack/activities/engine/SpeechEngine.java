package com.coachtrack.activities.engine;

import com.coachtrack.workflows.activities.Word;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * A speech-to-text engine. Implementations read raw 16 kHz mono s16le PCM from the stream until its
 * end and report each recognised word as soon as it is known. Progress is measured by the caller
 * from the bytes the engine consumes, so engines need not report it.
 */
public interface SpeechEngine {

  /**
   * Stable name stored with results and used to learn this engine's speed ("sphinx4",
   * "pocketsphinx").
   */
  String name();

  /**
   * @param offsetSeconds where the stream starts in the recording; reported word times include it
   * @param stop raised when the caller gives the transcription up; the engine must then return (by
   *     throwing) within seconds, whatever it is blocked on
   */
  void transcribe(InputStream pcm, double offsetSeconds, Consumer<Word> onWord, StopSignal stop)
      throws IOException;
}
