package com.coachtrack.store;

/** A chunk with its words as stored JSON; null words: not transcribed yet. */
public record StoredChunkRow(int chunkIndex, double startSeconds, double endSeconds, String words) {

  public boolean done() {
    return words != null;
  }
}
