package com.coachtrack.service.status;

import com.coachtrack.service.api.ErrorView;
import com.coachtrack.service.api.SessionStatusView;
import com.coachtrack.store.SessionProgress;
import com.coachtrack.store.SessionRow;
import com.coachtrack.store.StatusRow;
import com.coachtrack.workflows.progress.EtaText;
import com.coachtrack.workflows.progress.ProgressEstimate;
import com.coachtrack.workflows.progress.ProgressEstimator;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.SessionStatus;

/** Builds what a coach sees from the stored snapshot: no I/O beyond the cached engine speeds. */
public final class StatusViews {
  static final long POLL_PROCESSING_MS = 5_000;
  static final long POLL_PENDING_MS = 10_000;

  private final ProgressEstimator estimator;
  private final SpeedPriors priors;

  public StatusViews(ProgressEstimator estimator, SpeedPriors priors) {
    this.estimator = estimator;
    this.priors = priors;
  }

  public SessionStatusView view(StatusRow statusRow) {
    SessionRow row = statusRow.session();
    SessionStatus status = SessionStatus.fromWireName(row.status());
    ProgressEstimate estimate =
        estimator.estimate(
            SessionProgress.input(row, priors.forEngine(row.engine()), statusRow.audioAhead()));
    ErrorView error = status == SessionStatus.FAILED ? error(row) : null;
    boolean retryable = error != null && error.retryable();
    return new SessionStatusView(
        row.id().toString(),
        status.wireName(),
        shownProgress(status, row, estimate),
        estimate.estimatedCompletion(),
        row.startedAt(),
        message(status, row, estimate, error),
        round(row.durationProcessed()),
        round(row.durationTotal()),
        row.title(),
        row.originalFilename(),
        row.createdAt(),
        row.progressAt() == null ? row.updatedAt() : row.progressAt(),
        estimate.etaLow(),
        estimate.etaHigh(),
        row.attempt(),
        estimate.stalled(),
        estimate.pace() == null ? null : estimate.pace().wireName(),
        estimate.almostDone(),
        status.isFinal()
            ? row.processingSeconds() == null
                ? round(row.activeSecondsBefore())
                : round(row.processingSeconds())
            : null,
        status == SessionStatus.PENDING ? statusRow.queueAhead() + 1 : null,
        pollAfter(status),
        retryable,
        !status.isFinal() || status == SessionStatus.FAILED && retryable,
        row.wordCount(),
        error);
  }

  /**
   * While processing, the percentage is the one workers persist with each progress report (every ~2
   * s of work): extrapolating between reports can overshoot a slower next report, and a bar that
   * moves back is a lie. The ETA is still computed live.
   */
  private static double shownProgress(
      SessionStatus status, SessionRow row, ProgressEstimate estimate) {
    return status == SessionStatus.PROCESSING ? row.progressFloor() : estimate.progress();
  }

  private static String message(
      SessionStatus status, SessionRow row, ProgressEstimate estimate, ErrorView error) {
    return switch (status) {
      case FAILED -> error.retryable() ? EtaText.FAILED : error.message();
      case CANCELLED -> row.message() == null ? EtaText.CANCELLED : row.message();
      default -> estimate.message();
    };
  }

  private static ErrorView error(SessionRow row) {
    ErrorCode code = ErrorCode.fromWireName(row.errorCode());
    return new ErrorView(
        code.wireName(),
        code.retryable(),
        code.userMessage(),
        code.nextSteps(),
        "/help/troubleshooting#" + code.wireName());
  }

  private static Long pollAfter(SessionStatus status) {
    return switch (status) {
      case PROCESSING -> POLL_PROCESSING_MS;
      case PENDING -> POLL_PENDING_MS;
      default -> null;
    };
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }
}
