package com.coachtrack.activities.engine;

import com.coachtrack.workflows.activities.Word;
import edu.cmu.sphinx.api.Configuration;
import edu.cmu.sphinx.api.Context;
import edu.cmu.sphinx.util.SphinxLogFormatter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Collections;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;

/**
 * CMU Sphinx4, pure Java with its US English model on the classpath: works on any machine, at about
 * 1.2x real time per chunk here. Loading a model takes seconds and about 1 GB of heap, so loaded
 * recognizers are kept in a small pool and reused; each serves one chunk at a time, and at most
 * {@code maxConcurrent} exist.
 */
public final class Sphinx4Engine implements SpeechEngine {
  public static final String NAME = "sphinx4";
  private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(Sphinx4Engine.class);
  private static final String MODELS = "resource:/edu/cmu/sphinx/models/en-us/";

  /** The default configuration with a narrower beam and quiet logging; the file says why. */
  static final String CONFIG = "resource:/com/coachtrack/activities/engine/sphinx4.config.xml";

  /** How often a chunk waiting for a free recognizer looks whether it was given up meanwhile. */
  private static final Duration SLOT_WAIT_CHECK = Duration.ofMillis(250);

  private final Configuration configuration;
  private final Semaphore slots;
  private final Deque<Sphinx4Recognizer> idle = new ConcurrentLinkedDeque<>();

  /**
   * @param maxConcurrent how many chunks may be recognised at once, each needing its own ~1 GB
   *     model
   */
  public Sphinx4Engine(int maxConcurrent) {
    configuration = new Configuration();
    configuration.setAcousticModelPath(MODELS + "en-us");
    configuration.setDictionaryPath(MODELS + "cmudict-en-us.dict");
    configuration.setLanguageModelPath(MODELS + "en-us.lm.bin");
    slots = new Semaphore(maxConcurrent, true);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Sphinx4 decodes in this thread and reads the stream continuously, so a stop ends it at its next
   * read through the stream; only the wait for a free recognizer needs to watch the signal.
   */
  @Override
  public void transcribe(
      InputStream pcm, double offsetSeconds, Consumer<Word> onWord, StopSignal stop)
      throws IOException {
    acquireSlot(stop);
    try {
      Sphinx4Recognizer recognizer = idle.poll();
      if (recognizer == null) {
        recognizer = load();
      }
      recognizer.recognize(pcm, offsetSeconds, onWord);
      // Returned only after a clean end: a stream that failed mid-utterance leaves the decoder
      // half-way.
      idle.push(recognizer);
    } finally {
      slots.release();
    }
  }

  private void acquireSlot(StopSignal stop) throws InterruptedIOException {
    try {
      while (!slots.tryAcquire(SLOT_WAIT_CHECK.toMillis(), TimeUnit.MILLISECONDS)) {
        if (stop.isRaised()) {
          throw new InterruptedIOException("Stopped while waiting for a free Sphinx4 recognizer");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("Interrupted while waiting for a free Sphinx4 recognizer");
    }
  }

  /** How many loaded recognizers wait for work. */
  int idleRecognizers() {
    return idle.size();
  }

  /**
   * One at a time: loading configures global java.util.logging state, and two loads at once would
   * also double the memory peak.
   */
  private Sphinx4Recognizer load() throws IOException {
    synchronized (Sphinx4Engine.class) {
      long started = System.nanoTime();
      Context context = new Context(CONFIG, configuration);
      Sphinx4Recognizer recognizer = new Sphinx4Recognizer(context);
      routeLogging();
      LOG.info("Loaded a Sphinx4 recognizer in {} ms", (System.nanoTime() - started) / 1_000_000);
      return recognizer;
    }
  }

  /**
   * Sphinx4 gives its own logger a console handler that bypasses the application's logging;
   * removing it sends Sphinx4's warnings (its level is WARNING, set in the configuration) wherever
   * the rest of java.util.logging goes, which is SLF4J in the service.
   */
  private static void routeLogging() {
    LogManager manager = LogManager.getLogManager();
    for (String name : Collections.list(manager.getLoggerNames())) {
      Logger logger = manager.getLogger(name);
      if (logger == null || name.isEmpty()) {
        continue;
      }
      for (Handler handler : logger.getHandlers()) {
        if (handler.getFormatter() instanceof SphinxLogFormatter) {
          logger.removeHandler(handler);
          logger.setUseParentHandlers(true);
        }
      }
    }
  }
}
