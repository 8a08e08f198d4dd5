package com.coachtrack.service.sessions;

import com.coachtrack.service.errors.ApiException;
import com.coachtrack.service.temporal.WorkflowGateway;
import com.coachtrack.store.SessionDao;
import com.coachtrack.store.SessionQueries;
import com.coachtrack.store.SessionRow;
import com.coachtrack.store.SessionStatusWriter;
import com.coachtrack.workflows.activities.StatusChange;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.SessionStatus;
import com.coachtrack.workflows.status.StatusMessages;
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

  private final Jdbi jdbi;
  private final WorkflowGateway workflows;
  private final SessionStatusWriter statusWriter;

  public SessionCommands(Jdbi jdbi, WorkflowGateway workflows, SessionStatusWriter statusWriter) {
    this.jdbi = jdbi;
    this.workflows = workflows;
    this.statusWriter = statusWriter;
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
      statusWriter.apply(
          StatusChange.to(
                  session.id().toString(), SessionStatus.PENDING, attempt, StatusMessages.RETRY)
              .by(actor));
      workflows.start(session, attempt);
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
      statusWriter.apply(
          StatusChange.to(
                  session.id().toString(),
                  SessionStatus.CANCELLED,
                  session.attempt(),
                  StatusMessages.CANCELLED)
              .by(actor));
    }
    awaitChange(session);
  }

  /**
   * Sessions whose run vanished (an embedded Temporal server keeps runs only in memory) start
   * again.
   */
  public int reconcile() {
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

  /** Lets the answer to Retry or Cancel already show the new state in the common case. */
  private void awaitChange(SessionRow before) {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (System.nanoTime() < deadline) {
      SessionRow now =
          jdbi.withExtension(SessionDao.class, dao -> dao.findById(before.id())).orElse(before);
      if (!now.status().equals(before.status()) || now.attempt() != before.attempt()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
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
