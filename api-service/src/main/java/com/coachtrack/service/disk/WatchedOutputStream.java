package com.coachtrack.service.disk;

import com.coachtrack.service.errors.ApiException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** An upload's file being written under a {@link DiskGuard}'s eye. */
final class WatchedOutputStream extends FilterOutputStream {
  private final DiskGuard guard;
  private long written;
  private long nextCheckAt = DiskGuard.CHECK_EVERY_BYTES;

  WatchedOutputStream(OutputStream out, DiskGuard guard) {
    super(out);
    this.guard = guard;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] buffer, int offset, int length) throws IOException {
    try {
      out.write(buffer, offset, length);
    } catch (IOException e) {
      throw refusedOr(e);
    }
    written += length;
    if (written >= nextCheckAt) {
      nextCheckAt = written + DiskGuard.CHECK_EVERY_BYTES;
      guard.checkWhileWriting(written);
    }
  }

  @Override
  public void flush() throws IOException {
    try {
      out.flush();
    } catch (IOException e) {
      throw refusedOr(e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      out.close();
    } catch (IOException e) {
      throw refusedOr(e);
    }
  }

  private IOException refusedOr(IOException e) {
    ApiException refusal = guard.refusalFor(e);
    if (refusal != null) {
      refusal.addSuppressed(e);
      throw refusal;
    }
    return e;
  }
}
