package com.coachtrack.activities.transcribe;

import java.time.Instant;

/** An engine this worker gave up on because it stopped moving on a chunk. */
public record HungEngine(String engine, String sessionId, int chunkIndex, Instant givenUpAt) {

  /** For operators: which engine, which chunk, when. */
  public String describe() {
    return "engine "
        + engine
        + " hung on chunk "
        + chunkIndex
        + " of session "
        + sessionId
        + " and was stopped at "
        + givenUpAt;
  }
}
