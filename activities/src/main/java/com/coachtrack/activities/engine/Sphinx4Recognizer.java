package com.coachtrack.activities.engine;

import com.coachtrack.workflows.activities.Word;
import edu.cmu.sphinx.api.AbstractSpeechRecognizer;
import edu.cmu.sphinx.api.Context;
import edu.cmu.sphinx.api.SpeechResult;
import edu.cmu.sphinx.result.WordResult;
import edu.cmu.sphinx.util.LogMath;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/**
 * One loaded Sphinx4 decoder that can be used for one stream at a time, and then for the next.
 * {@code StreamSpeechRecognizer} allocates and frees the decoder around every stream, which reloads
 * the language model and recompiles the search (1-3 s per chunk); this one allocates once.
 */
final class Sphinx4Recognizer extends AbstractSpeechRecognizer {

  Sphinx4Recognizer(Context context) throws IOException {
    super(context);
    recognizer.allocate();
  }

  /** Recognises the stream to its end; word times are in the recording's seconds. */
  void recognize(InputStream pcm, double offsetSeconds, Consumer<Word> onWord) {
    context.setSpeechSource(pcm);
    SpeechResult result;
    while ((result = getResult()) != null) {
      for (WordResult word : result.getWords()) {
        String token = word.getWord().getSpelling();
        if (word.isFiller() || EngineWords.isFiller(token)) {
          continue;
        }
        onWord.accept(
            new Word(
                EngineWords.spelling(token),
                offsetSeconds + word.getTimeFrame().getStart() / 1000.0,
                offsetSeconds + word.getTimeFrame().getEnd() / 1000.0,
                confidence(word)));
      }
    }
  }

  /** Sphinx4 reports the word's lattice posterior in its log domain; 0 means certain. */
  private static double confidence(WordResult word) {
    double linear = LogMath.getLogMath().logToLinear((float) word.getConfidence());
    return Math.max(0, Math.min(1, linear));
  }
}
