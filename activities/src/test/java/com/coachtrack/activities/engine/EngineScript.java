package com.coachtrack.activities.engine;

import com.coachtrack.workflows.activities.Word;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Consumer;

/** What a {@link ScriptedEngine} does with the stream it is given. */
@FunctionalInterface
public interface EngineScript {
  void run(InputStream pcm, double offsetSeconds, Consumer<Word> onWord) throws IOException;
}
