package com.coachtrack.activities;

import io.temporal.activity.ActivityExecutionContext;
import java.util.List;

/**
 * One progress report of a running chunk, run on a timer beside the engine rather than from its reads: an
 * engine that is still loading its model (Sphinx4 needs seconds) or waiting for a free recognizer reads
 * nothing for a while, and the attempt must not look dead meanwhile.
 *
 * <p>Each report heartbeats the resume point with the words so far, and stores the read position when it
 * moved (the first report always, so the session shows as processing at once). The heartbeat's position is
 * where its words end (the end of the last recognised word), not how far the engine has read: engines emit an
 * utterance's words only once it is over, so resuming from the read position would lose the audio read but
 * not yet turned into words. When a report fails (a cancellation, a database failure) the stream is aborted,
 * which stops the engine at its next read.
 */
final class ChunkProgress implements Runnable {
  private final ActivityExecutionContext context;
  private final ChunkStore chunks;
  private final ChunkTask task;
  private final ProgressStream stream;
  private final List<Word> words;
  private final double resumedFrom;
  private long lastRecordedOffset = -1;

  /**
   * @param words the words so far, appended to by the engine: a synchronized list
   * @param resumedFrom where this attempt started reading, in the recording's seconds
   */
  ChunkProgress(
      ActivityExecutionContext context, ChunkStore chunks, ChunkTask task, ProgressStream stream,
      List<Word> words, double resumedFrom) {
    this.context = context;
    this.chunks = chunks;
    this.task = task;
    this.stream = stream;
    this.words = words;
    this.resumedFrom = resumedFrom;
  }

  @Override
  public void run() {
    try {
      long offset = stream.offset();
      List<Word> soFar;
      synchronized (words) {
        soFar = List.copyOf(words);
      }
      double resumeAt = soFar.isEmpty() ? resumedFrom : Math.max(resumedFrom, soFar.get(soFar.size() - 1).end());
      // Throws ActivityCompletionException once the workflow cancels the activity.
      context.heartbeat(new ChunkHeartbeat(resumeAt, soFar));
      if (offset != lastRecordedOffset) {
        chunks.recordProgress(
            task.sessionId(), task.chunk().index(), (double) offset / DecodedAudio.BYTES_PER_SECOND);
        lastRecordedOffset = offset;
      }
    } catch (RuntimeException e) {
      stream.abort(e);
      // Rethrown so that the timer stops: there is nothing left to report.
      throw e;
    }
  }
}
