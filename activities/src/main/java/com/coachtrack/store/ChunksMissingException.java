package com.coachtrack.store;

/** A transcript was asked for before every planned chunk had its words stored. */
public class ChunksMissingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ChunksMissingException(int missing) {
    super(missing + " chunks are not transcribed yet");
  }
}
