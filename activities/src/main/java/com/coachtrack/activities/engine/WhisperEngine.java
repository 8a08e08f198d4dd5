package com.coachtrack.activities.engine;

import com.coachtrack.workflows.activities.DecodedAudio;
import com.coachtrack.workflows.activities.Word;
import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperSamplingStrategy;
import io.github.givimad.whisperjni.WhisperState;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * whisper.cpp in the worker's process ({@code ENGINE=whisper}) through whisper-jni: readable
 * transcripts, with punctuation and case, from a ggml model the operator provides ({@code
 * WHISPER_MODEL}). The model is checked and loaded once, when the engine is made (at the worker's
 * start-up), so a wrong path stops the worker with a message instead of failing every chunk; each
 * chunk gets its own whisper state over the shared model, so chunks run in parallel.
 *
 * <p>What whisper-jni 1.7.1 gives is the segments' text and times: it exposes neither whisper's
 * progress callback nor its token timestamps. So the engine tells its caller it is waiting on the
 * chunk (the position moves on the learned pace and snaps to the chunk's end when whisper returns),
 * and each segment's words share its time evenly ({@link #words}). A stop cannot interrupt
 * whisper.cpp either: it ends the chunk's transcription when whisper returns, like Sphinx4's.
 */
public final class WhisperEngine implements WholeChunkEngine {
  public static final String NAME = "whisper";
  private static final Logger LOG = LoggerFactory.getLogger(WhisperEngine.class);
  private static final Object LIBRARY = new Object();

  private final WhisperJNI whisper;
  private final WhisperContext context;
  private final WhisperSettings settings;
  private final String language;

  /**
   * Checks and loads the model.
   *
   * @throws IllegalStateException naming WHISPER_MODEL when it is unset, missing, unreadable, not a
   *     ggml model, or refused by whisper.cpp
   */
  public WhisperEngine(WhisperSettings settings) {
    WhisperModel model = WhisperModelFile.check(settings.model());
    loadLibrary();
    whisper = new WhisperJNI();
    try {
      context = whisper.initNoState(settings.model());
    } catch (IOException e) {
      throw new IllegalStateException("WHISPER_MODEL=" + settings.model() + ": " + e, e);
    }
    if (context == null) {
      throw new IllegalStateException(
          "whisper.cpp could not load WHISPER_MODEL="
              + settings.model()
              + " (its reasons are in the log above): a damaged or partial download?"
              + WhisperModelFile.WHERE_TO_GET);
    }
    this.settings = settings;
    this.language = language(settings.language(), model.multilingual());
    LOG.info(
        "Loaded whisper model {} ({}, {} MB, language {}, {} threads per chunk)",
        settings.model(),
        model.sizeName() + (model.multilingual() ? "" : ".en"),
        model.bytes() / (1024 * 1024),
        language,
        settings.threads());
  }

  /**
   * Loads whisper-jni's native library for this machine (Linux x86-64 with AVX2 here), once per
   * JVM, with whisper.cpp's own log lines going to ours at debug level.
   *
   * @return the library's report of the CPU features it uses
   * @throws IllegalStateException when the library does not load on this machine
   */
  public static String loadLibrary() {
    synchronized (LIBRARY) {
      try {
        WhisperJNI.loadLibrary();
        WhisperJNI.setLibraryLogger(line -> LOG.debug("whisper.cpp: {}", line.strip()));
      } catch (IOException | UnsatisfiedLinkError e) {
        throw new IllegalStateException(
            "whisper.cpp's native library does not load on this machine: " + e, e);
      }
      return new WhisperJNI().getSystemInfo();
    }
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public void transcribe(
      InputStream pcm,
      double offsetSeconds,
      Consumer<Word> onWord,
      StopSignal stop,
      EngineProgress progress)
      throws IOException {
    float[] samples = samples(pcm.readAllBytes());
    if (samples.length == 0) {
      return;
    }
    double seconds = (double) samples.length / DecodedAudio.SAMPLE_RATE;
    progress.waiting(offsetSeconds, offsetSeconds + seconds);
    List<WhisperSegment> segments = new ArrayList<>();
    try (WhisperState state = whisper.initState(context)) {
      int result = whisper.fullWithState(context, state, params(), samples, samples.length);
      if (stop.isRaised()) {
        throw new InterruptedIOException("Stopped while whisper was transcribing");
      }
      if (result != 0) {
        throw new IOException("whisper.cpp failed on the chunk (code " + result + ")");
      }
      int count = whisper.fullNSegmentsFromState(state);
      for (int i = 0; i < count; i++) {
        segments.add(
            new WhisperSegment(
                whisper.fullGetSegmentTextFromState(state, i),
                whisper.fullGetSegmentTimestamp0FromState(state, i),
                whisper.fullGetSegmentTimestamp1FromState(state, i)));
      }
    }
    words(segments, offsetSeconds, seconds).forEach(onWord);
    progress.reached(offsetSeconds + seconds);
  }

  private WhisperFullParams params() {
    WhisperFullParams params = new WhisperFullParams(WhisperSamplingStrategy.GREEDY);
    params.nThreads = Math.max(1, settings.threads());
    params.language = language;
    // true would make whisper only detect the language and stop.
    params.detectLanguage = false;
    params.translate = false;
    params.printProgress = false;
    params.printRealtime = false;
    params.printTimestamps = false;
    params.printSpecial = false;
    params.suppressBlank = true;
    params.suppressNonSpeechTokens = true;
    // Chunks are cut at silences; text carried over from the previous chunk only misleads.
    params.noContext = true;
    return params;
  }

  /**
   * The words of whisper's segments, in the recording's seconds: each segment's words share its
   * time evenly, in order, inside the chunk (whisper may place a segment's end a little past the
   * audio it was given), and whisper's special tokens ({@code [BLANK_AUDIO]}, {@code [_BEG_]}) are
   * not words.
   *
   * @param offsetSeconds where the chunk starts in the recording
   * @param chunkSeconds how long the chunk is
   */
  static List<Word> words(
      List<WhisperSegment> segments, double offsetSeconds, double chunkSeconds) {
    List<Word> words = new ArrayList<>();
    double previousEnd = 0;
    for (WhisperSegment segment : segments) {
      double start = clamp(segment.startCentiseconds() / 100.0, previousEnd, chunkSeconds);
      double end = clamp(segment.endCentiseconds() / 100.0, start, chunkSeconds);
      for (Word word : SegmentWords.spread(segment.text(), start, end, 1.0)) {
        words.add(
            new Word(word.text(), offsetSeconds + word.start(), offsetSeconds + word.end(), 1.0));
      }
      previousEnd = end;
    }
    return words;
  }

  /** 16-bit little-endian PCM as whisper's floats in [-1, 1). */
  static float[] samples(byte[] pcm) {
    ByteBuffer buffer = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
    float[] samples = new float[pcm.length / 2];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = buffer.getShort() / 32768f;
    }
    return samples;
  }

  /** An English-only model understands nothing else; "auto" asks whisper to detect it. */
  static String language(String configured, boolean multilingual) {
    if (!multilingual) {
      return "en";
    }
    return configured == null || configured.isBlank()
        ? "auto"
        : configured.strip().toLowerCase(Locale.ROOT);
  }

  private static double clamp(double value, double low, double high) {
    return Math.max(low, Math.min(high, value));
  }
}
