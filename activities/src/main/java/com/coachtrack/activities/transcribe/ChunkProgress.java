package com.coachtrack.activities.transcribe;

import com.coachtrack.activities.failures.Failures;
import com.coachtrack.store.ChunkStore;
import com.coachtrack.workflows.activities.ChunkHeartbeat;
import com.coachtrack.workflows.activities.ChunkTask;
import com.coachtrack.workflows.activities.DecodedAudio;
import com.coachtrack.workflows.activities.Word;
import com.coachtrack.workflows.status.ErrorCode;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One progress report of a running chunk, run on a timer beside the engine rather than from its
 * reads: an engine that is still loading its model (Sphinx4 needs seconds) or waiting for a free
 * recognizer reads nothing for a while, and the attempt must not look dead meanwhile.
 *
 * <p>Each report heartbeats where the words so far end (and how many there are), and stores the
 * read position with the words when either moved (the first report always, so the session shows as
 * processing at once). The words go to our database, not to Temporal's history: they are the
 * partial transcript a coach reads while the chunk runs, and what stays shown if the attempt dies
 * until a new one (which starts the chunk over) passes them. When a report fails (a cancellation, a
 * database failure) the stream is aborted, which stops the engine (see {@link ProgressStream}).
 *
 * <p>A report that finds the engine where the previous one left it still says the worker is alive.
 * An engine that has not read for {@link #STUCK_AFTER} is stuck, not slow: the reports stop, the
 * hang is recorded for the health check, and the stream is aborted, which stops the engine (a hung
 * process is killed) so that the attempt fails as {@code stalled} and frees its slot; Temporal
 * retries the chunk.
 */
final class ChunkProgress implements Runnable {
  /**
   * Far beyond a model load (Sphinx4: tens of seconds) and well within the 5 minutes that show as
   * stalled.
   */
  static final Duration STUCK_AFTER = Duration.ofMinutes(3);

  private final ActivityExecutionContext context;
  private final ChunkStore chunks;
  private final ChunkTask task;
  private final String engine;
  private final HungEngines hungEngines;
  private final ProgressStream stream;
  private final ChunkPositions positions;
  private final List<Word> words;
  private final List<Word> earlier;
  private final double resumedFrom;
  private final long stuckAfterNanos;
  private final LongSupplier nanoTime;
  private double lastRecordedPosition = Double.NaN;
  private int lastRecordedWords = -1;
  private long lastMovedAt;

  /**
   * @param engine the name of the engine reading the stream
   * @param hungEngines where a stuck engine is recorded
   * @param positions what the engine says of its position, when its reads say nothing
   * @param words the words so far, appended to by the engine: a synchronized list
   * @param earlier the words an earlier attempt at the chunk stored, shown until this one passes
   *     them
   * @param resumedFrom where this attempt started reading, in the recording's seconds
   * @param stuckAfter how long the engine may go without reading before the attempt is given up
   */
  ChunkProgress(
      ActivityExecutionContext context,
      ChunkStore chunks,
      ChunkTask task,
      String engine,
      HungEngines hungEngines,
      ProgressStream stream,
      ChunkPositions positions,
      List<Word> words,
      List<Word> earlier,
      double resumedFrom,
      Duration stuckAfter,
      LongSupplier nanoTime) {
    this.context = context;
    this.chunks = chunks;
    this.task = task;
    this.engine = engine;
    this.hungEngines = hungEngines;
    this.stream = stream;
    this.positions = positions;
    this.words = words;
    this.earlier = List.copyOf(earlier);
    this.resumedFrom = resumedFrom;
    this.stuckAfterNanos = stuckAfter.toNanos();
    this.nanoTime = nanoTime;
    this.lastMovedAt = nanoTime.getAsLong();
  }

  @Override
  public void run() {
    try {
      double told = positions.position();
      double position =
          Double.isNaN(told) ? (double) stream.offset() / DecodedAudio.BYTES_PER_SECOND : told;
      boolean moved = position != lastRecordedPosition;
      long now = nanoTime.getAsLong();
      // An engine waiting on an answer is busy, however still its estimate (capped at 90 %).
      if (moved || positions.waiting()) {
        lastMovedAt = now;
      } else if (now - lastMovedAt >= stuckAfterNanos) {
        hungEngines.record(engine, task.sessionId(), task.chunk().index());
        throw stuck(Duration.ofNanos(now - lastMovedAt));
      }
      List<Word> soFar;
      synchronized (words) {
        soFar = List.copyOf(words);
      }
      double resumeAt =
          soFar.isEmpty() ? resumedFrom : Math.max(resumedFrom, soFar.get(soFar.size() - 1).end());
      // Throws ActivityCompletionException once the workflow cancels the activity.
      context.heartbeat(new ChunkHeartbeat(resumeAt, soFar.size()));
      if (moved || soFar.size() != lastRecordedWords) {
        List<Word> shown = withEarlierBeyond(soFar, resumeAt);
        Failures.database(
            () -> chunks.recordProgress(task.sessionId(), task.chunk().index(), position, shown));
        lastRecordedPosition = position;
        lastRecordedWords = soFar.size();
      } else {
        Failures.database(() -> chunks.recordAlive(task.sessionId()));
      }
    } catch (RuntimeException e) {
      stream.abort(e);
      // Rethrown so that the timer stops: there is nothing left to report.
      throw e;
    }
  }

  /**
   * This attempt's words, then the earlier attempt's words from where this attempt's end: the
   * partial transcript a coach reads never shrinks while a chunk is transcribed again.
   */
  private List<Word> withEarlierBeyond(List<Word> soFar, double end) {
    List<Word> shown = new ArrayList<>(soFar);
    for (Word word : earlier) {
      if (word.start() >= end) {
        shown.add(word);
      }
    }
    return shown;
  }

  /**
   * An engine that read the whole chunk can still hang before it ends (it never prints its last
   * words, never exits); the message tells that from one that stopped reading.
   */
  private ApplicationFailure stuck(Duration still) {
    String chunk = "chunk " + task.chunk().index() + " of session " + task.sessionId();
    String message =
        stream.readToEnd()
            ? "The "
                + engine
                + " engine read all of "
                + chunk
                + " but has not finished it "
                + still.toSeconds()
                + " s later"
            : "The " + engine + " engine read nothing for " + still.toSeconds() + " s on " + chunk;
    return ApplicationFailure.newFailure(message, ErrorCode.STALLED.failureType());
  }
}
