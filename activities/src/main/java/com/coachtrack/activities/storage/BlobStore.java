package com.coachtrack.activities.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where uploads, decoded audio and transcripts live, addressed by keys such as {@code
 * sessions/ID/upload}. Workers on other machines reach the same keys; {@link #localCopy} gives them
 * a readable file.
 */
public interface BlobStore {
  /** The prefix of every session's keys. */
  String SESSIONS = "sessions/";

  /** The file name of a session's decoded audio. */
  String PCM_NAME = "audio.pcm";

  /**
   * A local file with the key's content (the file itself for local storage, a cached download
   * otherwise).
   */
  Path localCopy(String key) throws IOException;

  /** Stores the file's content under the key, moving it when the store is local. */
  void put(String key, Path file) throws IOException;

  boolean exists(String key) throws IOException;

  /** Deletes every key under the prefix; missing keys are not an error. */
  void deleteAll(String prefix) throws IOException;

  /** Every key under the prefix with when it was written, in no particular order. */
  List<StoredFile> list(String prefix) throws IOException;

  static String uploadKey(String sessionId) {
    return SESSIONS + sessionId + "/upload";
  }

  static String pcmKey(String sessionId) {
    return SESSIONS + sessionId + "/" + PCM_NAME;
  }

  static String sessionPrefix(String sessionId) {
    return SESSIONS + sessionId + "/";
  }
}
