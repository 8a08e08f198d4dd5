package com.coachtrack.workflows.status;

/**
 * What the history and the status say at each transition, written by the workflow, the workers and
 * the API alike: one wording per moment, whoever records it.
 */
public final class StatusMessages {
  public static final String QUEUED = "Uploaded. Waiting for a free worker...";
  public static final String STARTED = "Processing audio...";
  public static final String RETRY =
      "Retry requested. Waiting for a free worker; finished parts are kept.";
  public static final String RESTARTED =
      "Restarted after an interruption; finished parts are kept.";
  public static final String COMPLETED = "Transcription complete!";
  public static final String CANCELLED = "Cancelled. Nothing more will be transcribed.";

  private StatusMessages() {}
}
