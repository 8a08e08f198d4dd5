package com.coachtrack.activities.transcribe;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The chunk's PCM as the engine reads it: ends at the chunk's end and counts how far the engine has
 * read. Engines pull audio at their own pace, so what they have consumed is the one progress
 * measure that works for every engine without its cooperation.
 *
 * <p>It is also how the engine is stopped: after {@link #abort} every read throws the given
 * exception, which ends any engine at its next read. Engines (and the threads that feed them) may
 * wrap or swallow exceptions, so the stream remembers the abort cause and any failure to read the
 * PCM for the activity to tell a cancellation or a storage failure from an engine crash.
 */
final class ProgressStream extends FilterInputStream {
  private final long endOffset;
  private volatile long offset;
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
    long remaining = endOffset - offset;
    if (remaining <= 0) {
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

  /** Makes every further read throw {@code cause}; the first cause wins. */
  void abort(RuntimeException cause) {
    if (abortCause == null) {
      abortCause = cause;
    }
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
