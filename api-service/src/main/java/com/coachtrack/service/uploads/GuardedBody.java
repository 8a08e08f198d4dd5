package com.coachtrack.service.uploads;

import com.coachtrack.service.errors.ApiException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;

/**
 * A request body read through its limits: bytes are counted as they arrive (a chunked body has no
 * Content-Length to check up front), and an upload whose average rate over a window falls below the
 * minimum is cut, giving its request thread back.
 *
 * <p>The rate is checked when a read returns, so a trickle is cut at the end of the window it was
 * too slow in; a connection that sends nothing at all blocks in read until the server's idle
 * timeout fails it, which is answered the same way.
 */
final class GuardedBody extends FilterInputStream {
  private final long maxBytes;
  private final long minBytesPerSecond;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private long total;
  private long windowStart;
  private long windowStartTotal;

  GuardedBody(
      InputStream in,
      long maxBytes,
      long minBytesPerSecond,
      Duration window,
      LongSupplier nanoTime) {
    super(in);
    this.maxBytes = maxBytes;
    this.minBytesPerSecond = minBytesPerSecond;
    this.windowNanos = window.toNanos();
    this.nanoTime = nanoTime;
    this.windowStart = nanoTime.getAsLong();
  }

  @Override
  public int read() throws IOException {
    int b;
    try {
      b = super.read();
    } catch (IOException e) {
      throw timedOut(e) ? new UploadRefusedException(tooSlow()) : e;
    }
    count(b < 0 ? -1 : 1);
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    int read;
    try {
      read = super.read(buffer, offset, length);
    } catch (IOException e) {
      throw timedOut(e) ? new UploadRefusedException(tooSlow()) : e;
    }
    count(read);
    return read;
  }

  /** Skipping is reading: the parser skips the rest of a part, and those bytes count too. */
  @Override
  public long skip(long n) throws IOException {
    long skipped;
    try {
      skipped = super.skip(n);
    } catch (IOException e) {
      throw timedOut(e) ? new UploadRefusedException(tooSlow()) : e;
    }
    count(skipped);
    return skipped;
  }

  long bytesRead() {
    return total;
  }

  private void count(long read) throws UploadRefusedException {
    if (read > 0) {
      total += read;
      if (total > maxBytes) {
        throw new UploadRefusedException(tooLarge());
      }
    }
    if (minBytesPerSecond <= 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    long elapsed = now - windowStart;
    if (elapsed >= windowNanos) {
      double rate = (total - windowStartTotal) * 1e9 / elapsed;
      if (rate < minBytesPerSecond) {
        throw new UploadRefusedException(tooSlow());
      }
      windowStart = now;
      windowStartTotal = total;
    }
  }

  private ApiException tooLarge() {
    return new ApiException(
        413,
        "request_too_large",
        "The upload is larger than "
            + Math.max(1, maxBytes / (1024 * 1024))
            + " MB in all. Send only the recording (field 'audio') and its title (field 'title').");
  }

  private ApiException tooSlow() {
    String why =
        minBytesPerSecond > 0
            ? "The upload arrived too slowly (under " + minBytesPerSecond + " bytes per second)"
            : "Nothing arrived of the upload for too long";
    return new ApiException(
        408,
        "upload_too_slow",
        why
            + " and was stopped. Nothing was saved; check the connection and upload the file"
            + " again.");
  }

  /** Jetty fails a blocked read with a timeout once nothing arrived for its idle timeout. */
  private static boolean timedOut(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }
}
