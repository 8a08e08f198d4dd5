package com.coachtrack.store;

import com.coachtrack.workflows.activities.StatusChange;
import com.coachtrack.workflows.progress.SpeedPrior;
import com.coachtrack.workflows.status.SessionStatus;
import com.coachtrack.workflows.status.StatusTransitions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Applies status changes: the state machine check, the snapshot update and the history row happen
 * in one transaction, so what a coach sees and the timeline can never disagree.
 */
public final class SessionStatusWriter {
  private final Jdbi jdbi;
  private final Clock clock;
  private final ProgressFloorUpdater floorUpdater;
  private final int fleetSlots;

  SessionStatusWriter(Jdbi jdbi, Clock clock, ProgressFloorUpdater floorUpdater, int fleetSlots) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.floorUpdater = floorUpdater;
    this.fleetSlots = Math.max(1, fleetSlots);
  }

  /** Creates a session as pending, with the first row of its history. */
  public SessionRow create(NewSession session) {
    return jdbi.inTransaction(
        handle -> {
          SessionDao sessions = handle.attach(SessionDao.class);
          sessions.insert(session);
          handle
              .attach(HistoryDao.class)
              .append(
                  session.id(),
                  null,
                  SessionStatus.PENDING.wireName(),
                  session.createdAt(),
                  1,
                  session.message(),
                  null,
                  session.coachId());
          return sessions.findById(session.id()).orElseThrow();
        });
  }

  /** Removes a session whose run could not be started: the upload is refused whole. */
  public void delete(UUID id) {
    jdbi.useExtension(SessionDao.class, dao -> dao.delete(id));
  }

  /** Confirms that the session's run was started (see {@link SessionQueries#unconfirmed}). */
  public void runStarted(UUID id) {
    jdbi.useExtension(SessionDao.class, dao -> dao.markRunStarted(id, clock.instant()));
  }

  /**
   * @return false when the session is already in that state for that attempt (a replayed activity)
   * @throws SessionNotFoundException when the session was deleted
   * @throws com.coachtrack.workflows.status.IllegalTransitionException when the state machine
   *     forbids it
   */
  public boolean apply(StatusChange change) {
    return jdbi.inTransaction(handle -> apply(handle, change));
  }

  boolean apply(Handle handle, StatusChange change) {
    UUID id = UUID.fromString(change.sessionId());
    SessionDao sessions = handle.attach(SessionDao.class);
    SessionRow row =
        sessions.lockById(id).orElseThrow(() -> new SessionNotFoundException(change.sessionId()));
    SessionStatus from = SessionStatus.fromWireName(row.status());
    SessionStatus to = change.to();
    if (from == to && row.attempt() == change.attempt()) {
      return false;
    }
    StatusTransitions.require(from, to);
    if (from == SessionStatus.PROCESSING) {
      // What the coach saw last is kept when work stops, so "stopped at N %" is never below it.
      floorUpdater.raise(handle, id);
    }
    Instant now = clock.instant();
    String errorCode = change.errorCode() == null ? null : change.errorCode().wireName();
    double activeSeconds = row.activeSecondsBefore() + secondsSince(row.attemptStartedAt(), now);
    switch (to) {
      case PENDING -> sessions.markPending(id, change.attempt(), change.message(), now);
      case PROCESSING -> sessions.markProcessing(id, change.attempt(), change.message(), now);
      case COMPLETED -> {
        sessions.markCompleted(id, change.attempt(), change.message(), activeSeconds, now);
        learnSpeed(handle, row, activeSeconds, now, fleetSlots);
      }
      case FAILED, CANCELLED ->
          sessions.markStopped(
              id,
              to.wireName(),
              change.attempt(),
              change.message(),
              errorCode,
              change.errorDetail(),
              activeSeconds,
              now);
    }
    handle
        .attach(HistoryDao.class)
        .append(
            id,
            from.wireName(),
            to.wireName(),
            now,
            change.attempt(),
            change.message(),
            errorCode,
            change.actor());
    return true;
  }

  private static double secondsSince(Instant start, Instant now) {
    return start == null ? 0 : Math.max(0, Duration.between(start, now).toMillis() / 1000.0);
  }

  /**
   * Each completed run teaches the ETA how fast this engine really is on this deployment: the pace
   * of a session with the engines to itself. A session that shared them took longer than that, so
   * the pace comes from its chunks' own engine time, spread over the slots it could have used; the
   * wall time is the fallback for runs that stored no chunk times.
   */
  private static void learnSpeed(
      Handle handle, SessionRow row, double processingSeconds, Instant now, int fleetSlots) {
    if (row.durationTotal() <= 0) {
      return;
    }
    EngineSpeedDao speeds = handle.attach(EngineSpeedDao.class);
    ChunkTimes chunks = handle.attach(ChunkDao.class).engineTimes(row.id());
    double aloneSeconds =
        chunks.complete()
            ? chunks.engineSeconds() / Math.max(1, Math.min(fleetSlots, chunks.chunks()))
            : processingSeconds;
    double observed = aloneSeconds / row.durationTotal();
    var previous = speeds.find(row.engine());
    double prior = previous.map(EngineSpeedRow::secondsPerAudioSecond).orElse(SpeedPrior.DEFAULT);
    int samples = previous.map(EngineSpeedRow::samples).orElse(0);
    double updated = SpeedPrior.update(prior, samples, observed);
    if (updated != prior || samples == 0) {
      speeds.save(row.engine(), updated, samples + 1, now);
    }
  }
}
