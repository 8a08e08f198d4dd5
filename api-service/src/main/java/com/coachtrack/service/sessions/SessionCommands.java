package com.coachtrack.service.sessions;

import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.service.errors.ApiException;
import com.coachtrack.service.temporal.WorkflowGateway;
import com.coachtrack.store.SessionDao;
import com.coachtrack.store.SessionQueries;
import com.coachtrack.store.SessionRow;
import com.coachtrack.store.SessionStatusWriter;
import com.coachtrack.workflows.activities.StatusChange;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.IllegalTransitionException;
import com.coachtrack.workflows.status.SessionStatus;
import com.coachtrack.workflows.status.StatusMessages;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retry, cancel and start-up reconciliation. The workflow owns a session while its run is open;
 * when the run is gone (the embedded server restarted, or the retry window closed) these start a
 * new one, which resumes from the stored chunks.
 */
public final class SessionCommands {
  private static final Logger LOG = LoggerFactory.getLogger(SessionCommands.class);

  /** An upload this old without a confirmed run was refused (or lost its confirmation). */
  static final Duration UNCONFIRMED_AFTER = Duration.ofMinutes(2);

  private final Jdbi jdbi;
  private final WorkflowGateway workflows;
  private final SessionStatusWriter statusWriter;
  private final BlobStore blobs;
  private final Clock clock;

  public SessionCommands(
      Jdbi jdbi,
      WorkflowGateway workflows,
      SessionStatusWriter statusWriter,
      BlobStore blobs,
      Clock clock) {
    this.jdbi = jdbi;
    this.workflows = workflows;
    this.statusWriter = statusWriter;
    this.blobs = blobs;
    this.clock = clock;
  }

  /**
   * @param actor who asked, for the history
   */
  public void retry(SessionRow session, String actor) {
    SessionStatus status = SessionStatus.fromWireName(session.status());
    if (status != SessionStatus.FAILED) {
      throw new ApiException(
          409,
          "not_failed",
          "Only a failed transcription can be retried; this one is " + status.wireName() + ".");
    }
    if (!isRetryable(session)) {
      throw new ApiException(
          409,
          "not_retryable",
          "Retrying cannot help with this file: "
              + describe(session)
              + " Upload a new file instead.");
    }
    if (!workflows.retry(session.workflowId(), actor)) {
      int attempt = session.attempt() + 1;
      String id = session.id().toString();
      statusWriter.apply(
          StatusChange.to(id, SessionStatus.PENDING, attempt, StatusMessages.RETRY).by(actor));
      try {
        workflows.start(session, attempt);
      } catch (RuntimeException e) {
        // Never pending without a run: back to failed, so Retry is offered again. Should this
        // fail too, the reconciler starts the run once Temporal is back.
        LOG.warn("Session {}: Retry could not start a run: {}", id, e.toString());
        ErrorCode code = code(session);
        statusWriter.apply(
            new StatusChange(
                id,
                SessionStatus.FAILED,
                attempt,
                code.userMessage(),
                code,
                session.errorDetail(),
                null));
        throw unavailable();
      }
    }
    awaitChange(session);
  }

  /**
   * @param actor who asked, for the history
   */
  public void cancel(SessionRow session, String actor) {
    SessionStatus status = SessionStatus.fromWireName(session.status());
    if (status == SessionStatus.COMPLETED || status == SessionStatus.CANCELLED) {
      throw new ApiException(
          409,
          "already_final",
          "This transcription is already " + status.wireName() + "; there is nothing to cancel.");
    }
    if (!workflows.cancel(session.workflowId(), actor)) {
      try {
        statusWriter.apply(
            StatusChange.to(
                    session.id().toString(),
                    SessionStatus.CANCELLED,
                    session.attempt(),
                    StatusMessages.CANCELLED)
                .by(actor));
      } catch (IllegalTransitionException e) {
        // The run finished between our read and the cancel.
        throw alreadyFinal(current(session).status());
      }
      // No run will record it, so its decoded audio is ours to give back (the sweep would, later).
      deleteQuietly(BlobStore.pcmKey(session.id().toString()));
    }
    SessionRow after = awaitChange(session);
    if (SessionStatus.COMPLETED.wireName().equals(after.status())) {
      // It completed while the cancel was on its way: the transcript is kept.
      throw alreadyFinal(after.status());
    }
  }

  /**
   * Deletes a session for good: its row (with chunks, history and transcript) and its files, so
   * that the coach's storage quota is freed at once. Only a session nothing works on: a pending or
   * processing one must be cancelled first, and a failed one's open run (waiting for Retry) is
   * cancelled here, before the row goes. Should the files resist, the storage sweep removes them
   * within a day.
   */
  public void delete(SessionRow session, String actor) {
    SessionStatus status = SessionStatus.fromWireName(session.status());
    if (status == SessionStatus.PENDING || status == SessionStatus.PROCESSING) {
      throw new ApiException(
          409,
          "not_final",
          "This transcription is still "
              + status.wireName()
              + "; cancel it first, then delete it.");
    }
    if (status == SessionStatus.FAILED && workflows.cancel(session.workflowId(), actor)) {
      // Its run records the cancellation before it ends; deleting the row first would leave the
      // run failing on a session that is gone.
      awaitChange(session);
    }
    statusWriter.delete(session.id());
    deleteQuietly(BlobStore.sessionPrefix(session.id().toString()));
    LOG.info("Session {} deleted by {}", session.id(), actor);
  }

  private void deleteQuietly(String prefix) {
    try {
      blobs.deleteAll(prefix);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not delete {} yet, the storage sweep will: {}", prefix, e.toString());
    }
  }

  /**
   * Every unfinished session has a run: one whose run vanished (a Temporal server that lost its
   * state, a run that ended while the database was down) starts again and resumes from its stored
   * chunks. An upload that never got a confirmed run is either confirmed or, if it has none,
   * removed with its files: it was refused, and must not come back to life.
   *
   * @return how many sessions were restarted
   */
  public int reconcile() {
    for (SessionRow upload :
        jdbi.withExtension(
            SessionQueries.class,
            queries -> queries.unconfirmed(clock.instant().minus(UNCONFIRMED_AFTER)))) {
      if (workflows.exists(upload.workflowId())) {
        statusWriter.runStarted(upload.id());
      } else {
        removeRefused(upload);
      }
    }
    List<SessionRow> unfinished =
        jdbi.withExtension(SessionQueries.class, SessionQueries::unfinished);
    int restarted = 0;
    for (SessionRow session : unfinished) {
      if (workflows.isOpen(session.workflowId())) {
        continue;
      }
      if (SessionStatus.PROCESSING.wireName().equals(session.status())) {
        statusWriter.apply(
            StatusChange.to(
                session.id().toString(),
                SessionStatus.PENDING,
                session.attempt(),
                StatusMessages.RESTARTED));
      }
      workflows.start(session, session.attempt());
      restarted++;
      LOG.info(
          "Restarted transcription of session {} (attempt {})", session.id(), session.attempt());
    }
    return restarted;
  }

  private void removeRefused(SessionRow upload) {
    try {
      blobs.deleteAll(BlobStore.sessionPrefix(upload.id().toString()));
      statusWriter.delete(upload.id());
      LOG.info("Removed session {}: its upload was refused and never started", upload.id());
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "Session {}: could not remove the refused upload yet: {}", upload.id(), e.toString());
    }
  }

  /**
   * Lets the answer to Retry or Cancel already show the new state in the common case.
   *
   * @return the session as it is now
   */
  private SessionRow awaitChange(SessionRow before) {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    SessionRow now = before;
    while (System.nanoTime() < deadline) {
      now = current(before);
      if (!now.status().equals(before.status()) || now.attempt() != before.attempt()) {
        return now;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return now;
      }
    }
    return now;
  }

  private SessionRow current(SessionRow session) {
    return jdbi.withExtension(SessionDao.class, dao -> dao.findById(session.id())).orElse(session);
  }

  private static ApiException alreadyFinal(String status) {
    return new ApiException(
        409,
        "already_final",
        "This transcription is already " + status + "; there is nothing to cancel.");
  }

  private static ApiException unavailable() {
    return new ApiException(
        503,
        "temporarily_unavailable",
        "Transcription is temporarily unavailable on our side; the session is still failed and can"
            + " be retried in a minute.",
        60);
  }

  private static boolean isRetryable(SessionRow session) {
    return session.errorCode() == null || code(session).retryable();
  }

  private static String describe(SessionRow session) {
    return code(session).userMessage();
  }

  private static ErrorCode code(SessionRow session) {
    return ErrorCode.fromWireName(session.errorCode());
  }
}
