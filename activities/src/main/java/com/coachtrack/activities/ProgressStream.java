package com.coachtrack.activities;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The chunk's PCM as the engine reads it: ends at the chunk's end and reports how far the engine has read,
 * at most once per interval. Engines pull audio at their own pace, so what they have consumed is the one
 * progress measure that works for every engine without its cooperation.
 *
 * <p>Whatever the reporter or the underlying stream throws is remembered: engines (and the threads that feed
 * them) wrap or swallow exceptions, and the activity needs the original to tell a cancellation or a storage
 * failure from an engine crash.
 */
final class ProgressStream extends FilterInputStream {
  private final long endOffset;
  private final long intervalNanos;
  private final LongSupplier nanoClock;
  private final LongConsumer reporter;
  private volatile long offset;
  private long lastReportNanos;
  private volatile RuntimeException reporterFailure;
  private volatile IOException readFailure;

  /**
   * @param in positioned at {@code startOffset}
   * @param reporter gets the offset (bytes from the start of the recording) reached so far
   */
  ProgressStream(
      InputStream in, long startOffset, long endOffset, long intervalNanos, LongSupplier nanoClock,
      LongConsumer reporter) {
    super(in);
    this.offset = startOffset;
    this.endOffset = endOffset;
    this.intervalNanos = intervalNanos;
    this.nanoClock = nanoClock;
    this.reporter = reporter;
    this.lastReportNanos = nanoClock.getAsLong();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] buffer, int from, int length) throws IOException {
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
      reportIfDue();
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Skipped audio is audio the engine did not hear; engines here never skip, so refuse rather than miscount.
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

  private void reportIfDue() {
    long now = nanoClock.getAsLong();
    if (now - lastReportNanos < intervalNanos) {
      return;
    }
    lastReportNanos = now;
    try {
      reporter.accept(offset);
    } catch (RuntimeException e) {
      reporterFailure = e;
      throw e;
    }
  }

  /** Bytes from the start of the recording that the engine has consumed. */
  long offset() {
    return offset;
  }

  /** What the reporter threw (a cancellation, a database failure), or null. */
  RuntimeException reporterFailure() {
    return reporterFailure;
  }

  /** What reading the PCM threw, or null. */
  IOException readFailure() {
    return readFailure;
  }
}
