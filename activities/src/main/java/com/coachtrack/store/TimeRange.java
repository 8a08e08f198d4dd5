package com.coachtrack.store;

/** A stretch of the recording, in seconds from its start. */
public record TimeRange(double start, double end) {

  public double seconds() {
    return end - start;
  }
}
