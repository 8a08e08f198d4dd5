package com.coachtrack.activities.storage;

import java.time.Instant;

/**
 * One key of a {@link BlobStore} and when it was last written.
 *
 * @param key e.g. {@code sessions/ID/upload}
 * @param modified when the content was written (a local file's modification time, an object's
 *     Last-Modified)
 */
public record StoredFile(String key, Instant modified) {

  /** The session a {@code sessions/ID/...} key belongs to, or null for any other key. */
  public String sessionId() {
    if (!key.startsWith(BlobStore.SESSIONS)) {
      return null;
    }
    int end = key.indexOf('/', BlobStore.SESSIONS.length());
    return end < 0 ? null : key.substring(BlobStore.SESSIONS.length(), end);
  }

  /** The file's name inside its session, e.g. {@code audio.pcm}. */
  public String name() {
    return key.substring(key.lastIndexOf('/') + 1);
  }
}
