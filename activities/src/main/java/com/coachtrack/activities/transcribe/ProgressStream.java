package com.coachtrack.activities.transcribe;

import com.coachtrack.activities.engine.StopSignal;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The chunk's PCM as the engine reads it: ends at the chunk's end and counts how far the engine has
 * read. Engines pull audio at their own pace, so what they have consumed is the one progress
 * measure that works for every engine without its cooperation.
 *
 * <p>It is also how the engine is stopped: after {@link #abort} every read throws the given
 * exception, which ends an engine at its next read, and the stream's {@link #stopSignal} is raised,
 * which ends an engine that does not read again (a hung child process is killed). Engines (and the
 * threads that feed them) may wrap or swallow exceptions, so the stream remembers the abort cause
 * and any failure to read the PCM for the activity to tell a cancellation or a storage failure from
 * an engine crash.
 */
final class ProgressStream extends FilterInputStream {
  private final long endOffset;
  private final StopSignal stop = new StopSignal();
  private volatile long offset;
  private volatile boolean readToEnd;
  private volatile RuntimeException abortCause;
  private volatile IOException readFailure;

  /**
   * @param in positioned at {@code startOffset}, a byte offset from the start of the recording
   */
  ProgressStream(InputStream in, long startOffset, long endOffset) {
    super(in);
    this.offset = startOffset;
    this.endOffset = endOffset;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] buffer, int from, int length) throws IOException {
    RuntimeException abort = abortCause;
    if (abort != null) {
      throw abort;
    }
    if (length == 0) {
      return 0;
    }
    long remaining = endOffset - offset;
    if (remaining <= 0) {
      readToEnd = true;
      return -1;
    }
    int n;
    try {
      n = super.read(buffer, from, (int) Math.min(length, remaining));
    } catch (IOException e) {
      readFailure = e;
      throw e;
    }
    if (n > 0) {
      offset += n;
    } else if (n < 0) {
      readToEnd = true;
    }
    return n;
  }

  @Override
  public long skip(long n) {
    // Skipped audio is audio the engine did not hear; engines here never skip, so refuse rather
    // than miscount.
    return 0;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(super.available(), endOffset - offset);
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  /**
   * Makes every further read throw {@code cause}, the first cause winning, and stops the engine.
   * The cause is set first: the engine fails because of the stop, and the activity must see why.
   */
  void abort(RuntimeException cause) {
    synchronized (this) {
      if (abortCause == null) {
        abortCause = cause;
      }
    }
    stop.raise();
  }

  /** Raised by {@link #abort}: what the engine reading this stream is given to be stopped by. */
  StopSignal stopSignal() {
    return stop;
  }

  /** Whether the engine has read the whole chunk: a read has found its end. */
  boolean readToEnd() {
    return readToEnd;
  }

  /** Bytes from the start of the recording that the engine has consumed. */
  long offset() {
    return offset;
  }

  /** Why the stream was aborted (a cancellation, a database failure), or null. */
  RuntimeException abortCause() {
    return abortCause;
  }

  /** What reading the PCM threw, or null. */
  IOException readFailure() {
    return readFailure;
  }
}
