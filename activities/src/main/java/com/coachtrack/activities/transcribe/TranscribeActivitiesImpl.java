package com.coachtrack.activities.transcribe;

import com.coachtrack.activities.engine.EngineException;
import com.coachtrack.activities.engine.SpeechEngine;
import com.coachtrack.activities.failures.Failures;
import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.store.ChunkStore;
import com.coachtrack.workflows.activities.ChunkPlan;
import com.coachtrack.workflows.activities.ChunkResult;
import com.coachtrack.workflows.activities.ChunkTask;
import com.coachtrack.workflows.activities.DecodedAudio;
import com.coachtrack.workflows.activities.TranscribeActivities;
import com.coachtrack.workflows.activities.Word;
import com.coachtrack.workflows.progress.ProgressEstimator;
import com.coachtrack.workflows.status.ErrorCode;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Transcribes one chunk, reporting progress every couple of seconds while the engine consumes audio
 * (see {@link ChunkProgress}).
 *
 * <p>A chunk an earlier attempt left part-way is transcribed again from its start, not resumed
 * where that attempt stopped: a recogniser's output depends on where it starts reading
 * (pocketsphinx adapts its normalisation from the first frame), and bench/chaos measured resumed
 * chunks 11–31 % apart from the same chunk transcribed in one go. Starting over makes a transcript
 * the same whatever faults it met, for at most one chunk (about a minute of audio) heard twice.
 * Meanwhile the earlier attempt's words stay shown until the new one passes them, and the stored
 * position never goes back.
 */
public final class TranscribeActivitiesImpl implements TranscribeActivities {
  private static final Logger LOG = LoggerFactory.getLogger(TranscribeActivitiesImpl.class);
  static final Duration PROGRESS_INTERVAL = ProgressEstimator.REPORT_INTERVAL;

  private final BlobStore store;
  private final ChunkStore chunks;
  private final Function<String, SpeechEngine> engines;
  private final HungEngines hungEngines;
  private final ChunkPaces paces;
  private final Duration progressInterval;
  private final Duration stuckAfter;

  /**
   * @param engines the engine for a task's engine name, e.g. {@code EngineSelector::select}
   * @param hungEngines where engines given up for hanging are recorded, for the health check
   */
  public TranscribeActivitiesImpl(
      BlobStore store,
      ChunkStore chunks,
      Function<String, SpeechEngine> engines,
      HungEngines hungEngines) {
    this(store, chunks, engines, hungEngines, new ChunkPaces(chunks));
  }

  /**
   * @param paces the engines' learned pace per chunk, shared by a worker's chunk activities
   */
  public TranscribeActivitiesImpl(
      BlobStore store,
      ChunkStore chunks,
      Function<String, SpeechEngine> engines,
      HungEngines hungEngines,
      ChunkPaces paces) {
    this(store, chunks, engines, hungEngines, paces, PROGRESS_INTERVAL, ChunkProgress.STUCK_AFTER);
  }

  TranscribeActivitiesImpl(
      BlobStore store,
      ChunkStore chunks,
      Function<String, SpeechEngine> engines,
      HungEngines hungEngines,
      Duration progressInterval,
      Duration stuckAfter) {
    this(store, chunks, engines, hungEngines, new ChunkPaces(chunks), progressInterval, stuckAfter);
  }

  TranscribeActivitiesImpl(
      BlobStore store,
      ChunkStore chunks,
      Function<String, SpeechEngine> engines,
      HungEngines hungEngines,
      ChunkPaces paces,
      Duration progressInterval,
      Duration stuckAfter) {
    this.store = store;
    this.chunks = chunks;
    this.engines = engines;
    this.hungEngines = hungEngines;
    this.paces = paces;
    this.progressInterval = progressInterval;
    this.stuckAfter = stuckAfter;
  }

  @Override
  public ChunkResult transcribeChunk(ChunkTask task) {
    ChunkPlan chunk = task.chunk();
    String sessionId = task.sessionId();
    Optional<ChunkResult> stored =
        Failures.database(() -> chunks.findStoredChunk(sessionId, chunk.index()));
    if (stored.isPresent()) {
      ChunkResult result = stored.get();
      return new ChunkResult(result.index(), result.wordCount(), result.audioSeconds(), true);
    }
    ActivityExecutionContext context = Activity.getExecutionContext();
    List<Word> words = Collections.synchronizedList(new ArrayList<>());
    List<Word> earlier =
        Failures.database(() -> chunks.partialWords(sessionId, chunk.index())).stream()
            .filter(
                word -> word.start() >= chunk.startSeconds() && word.end() <= chunk.endSeconds())
            .toList();
    if (!earlier.isEmpty()) {
      LOG.info(
          "Session {} chunk {}: transcribing again from its start; the {} words of an earlier"
              + " attempt stay shown until this one passes them",
          sessionId,
          chunk.index(),
          earlier.size());
    }
    SpeechEngine engine = engine(task);
    long started = System.nanoTime();
    recognize(task, engine, chunk, words, earlier, context);
    double wallSeconds = (System.nanoTime() - started) / 1e9;
    paces.record(engine.name(), wallSeconds, chunk.lengthSeconds());
    List<Word> all = List.copyOf(words);
    Failures.database(
        () -> chunks.storeChunk(sessionId, chunk.index(), all, engine.name(), wallSeconds));
    LOG.info(
        "Session {} chunk {}: {} words from {} s of audio in {} s with {}",
        sessionId,
        chunk.index(),
        all.size(),
        Math.round(chunk.lengthSeconds()),
        Math.round(wallSeconds),
        engine.name());
    return new ChunkResult(chunk.index(), all.size(), chunk.lengthSeconds(), false);
  }

  private SpeechEngine engine(ChunkTask task) {
    try {
      return engines.apply(task.engine());
    } catch (RuntimeException e) {
      // Retryable: another worker may have the engine, or it may be installed by then.
      throw ApplicationFailure.newFailureWithCause(
          "Speech engine '" + task.engine() + "' is not available: " + e.getMessage(),
          ErrorCode.ENGINE_CRASH.failureType(),
          e);
    }
  }

  private void recognize(
      ChunkTask task,
      SpeechEngine engine,
      ChunkPlan chunk,
      List<Word> words,
      List<Word> earlier,
      ActivityExecutionContext context) {
    double from = chunk.startSeconds();
    long startOffset = byteOffset(from);
    long endOffset = byteOffset(chunk.endSeconds());
    if (startOffset >= endOffset) {
      return;
    }
    try (InputStream pcm = open(task.pcmKey(), startOffset)) {
      ProgressStream stream = new ProgressStream(pcm, startOffset, endOffset);
      ChunkPositions positions =
          new ChunkPositions(
              engine.tellsPosition() ? from : Double.NaN,
              paces.pace(engine.name()),
              System::nanoTime);
      ScheduledExecutorService timer =
          Executors.newSingleThreadScheduledExecutor(
              runnable -> {
                Thread thread =
                    new Thread(
                        runnable, "progress-" + task.sessionId() + "-" + task.chunk().index());
                thread.setDaemon(true);
                return thread;
              });
      timer.scheduleAtFixedRate(
          new ChunkProgress(
              context,
              chunks,
              task,
              engine.name(),
              hungEngines,
              stream,
              positions,
              words,
              earlier,
              from,
              stuckAfter,
              System::nanoTime),
          0,
          progressInterval.toMillis(),
          TimeUnit.MILLISECONDS);
      Exception engineFailure = null;
      try {
        engine.transcribe(stream, from, words::add, stream.stopSignal(), positions);
      } catch (IOException | RuntimeException e) {
        engineFailure = e;
      } finally {
        stop(timer);
      }
      if (engineFailure != null) {
        throw failure(engineFailure, stream, engine, task);
      }
      if (stream.abortCause() != null) {
        // Cancelled (or the database failed) after the engine had read its last byte: store
        // nothing.
        throw stream.abortCause();
      }
    } catch (IOException e) {
      throw Failures.storage("Could not read the audio of session " + task.sessionId(), e);
    }
  }

  /** Lets a report in flight finish, so that none runs after the chunk is stored or has failed. */
  private static void stop(ScheduledExecutorService timer) {
    timer.shutdown();
    try {
      if (!timer.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("A progress report is still running after 30 s; leaving it behind");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private InputStream open(String pcmKey, long offset) throws IOException {
    Path pcm = store.localCopy(pcmKey);
    SeekableByteChannel channel = Files.newByteChannel(pcm);
    try {
      channel.position(offset);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    // Engines read in small blocks; buffering keeps that from becoming a system call per block.
    return new BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
  }

  /**
   * Tells a cancellation, a database or a storage failure (kept by the stream) from an engine
   * failure.
   */
  private static RuntimeException failure(
      Exception e, ProgressStream stream, SpeechEngine engine, ChunkTask task) {
    if (stream.abortCause() != null) {
      return stream.abortCause();
    }
    if (stream.readFailure() != null) {
      return Failures.storage(
          "Could not read the audio of session " + task.sessionId(), stream.readFailure());
    }
    if (e instanceof EngineException classified) {
      // The engine knew what went wrong (a speech server's answer): its class, whether another
      // attempt can help, and when the server asked to be tried again.
      return ApplicationFailure.newBuilder()
          .setMessage(
              "The "
                  + engine.name()
                  + " engine failed on chunk "
                  + task.chunk().index()
                  + " of session "
                  + task.sessionId()
                  + ": "
                  + classified.getMessage())
          .setType(classified.code().failureType())
          .setNonRetryable(!classified.retryHelps())
          .setNextRetryDelay(classified.retryAfter().orElse(null))
          .setCause(classified)
          .build();
    }
    return ApplicationFailure.newFailureWithCause(
        "The "
            + engine.name()
            + " engine failed on chunk "
            + task.chunk().index()
            + " of session "
            + task.sessionId()
            + " at "
            + (double) stream.offset() / DecodedAudio.BYTES_PER_SECOND
            + " s: "
            + e,
        ErrorCode.ENGINE_CRASH.failureType(),
        e);
  }

  /** The byte where the sample nearest to {@code seconds} starts (samples are 2 bytes). */
  static long byteOffset(double seconds) {
    return Math.round(seconds * DecodedAudio.SAMPLE_RATE) * 2;
  }
}
