package com.coachtrack.workflows.progress;

import com.coachtrack.workflows.status.SessionStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Turns a session's stored numbers into the progress, ETA and message a coach sees. Pure: the only
 * outside input is the injected clock. The formula, its corrections of the story's formula and the
 * properties it guarantees are in docs/progress-and-eta.md.
 */
public final class ProgressEstimator {

  /** AC2: "no progress for 5 minutes" is a stalled process. */
  public static final Duration DEFAULT_STALL_AFTER = Duration.ofMinutes(5);

  /**
   * How long after the last reported progress the estimate keeps extrapolating. Workers are
   * expected to report more often than this, so a longer silence means nothing is happening and the
   * bar must stop instead of creeping on (the story's formula crept forever).
   */
  public static final Duration FREEZE_AFTER = Duration.ofSeconds(30);

  /** How often a running chunk's worker reports, moving or not (TranscribeActivitiesImpl). */
  public static final Duration REPORT_INTERVAL = Duration.ofSeconds(2);

  /**
   * With no report for two intervals the worker may be gone: from then on nothing is extrapolated,
   * so an outage never shows as work done (a crashed worker used to look busy for 30 s).
   */
  static final Duration EXTRAPOLATE_PAST_LAST_REPORT = REPORT_INTERVAL.multipliedBy(2);

  /**
   * Workers report every 2 s while a chunk runs, moving or not; ten missed reports mean the worker
   * is gone (or the chunk waits for one), well before Temporal's 30 s heartbeat timeout moves the
   * chunk elsewhere, so the coach learns it while it happens.
   */
  public static final Duration WORKER_SILENT_AFTER = Duration.ofSeconds(20);

  /** Slower than this many times the learned speed counts as slow: visible, but not alarming. */
  static final double SLOW_FACTOR = 1.5;

  /** Share of the bar driven by audio actually transcribed; the rest is the time-based share. */
  static final double AUDIO_WEIGHT = 70;

  static final double TIME_WEIGHT = 30;

  /** Only a stored transcript is 100 %; anything still running stops one point short. */
  static final double RUNNING_CAP = 99.0;

  static final double ALMOST_DONE_ABOVE = 90.0;

  /**
   * A learned prior is worth at most one minute of audio and at most one minute of watching the
   * engine (k·prior wall seconds). Both limits matter: a prior that is 13× too slow would otherwise
   * outweigh a fast engine's short job, and one 13× too fast would outweigh a slow engine's first
   * hour (see docs/progress-and-eta.md).
   */
  static final double PRIOR_WEIGHT_AUDIO_SECONDS = 60;

  static final double PRIOR_WEIGHT_WALL_SECONDS = 60;

  /**
   * The default 4× has never been observed on this installation and is 20× off for a fast engine:
   * it is worth only ten seconds of watching, enough to steady the first reports.
   */
  static final double UNLEARNED_PRIOR_WEIGHT_WALL_SECONDS = 10;

  /** ...and at most this share of the recording, so it never outweighs a short file's own speed. */
  static final double PRIOR_WEIGHT_SHARE = 0.05;

  /** Relative half-width of the ETA range: the part that remains however much we measured... */
  static final double UNCERTAINTY_BASE = 0.15;

  /** ...plus this much times the share of audio still untranscribed. */
  static final double UNCERTAINTY_UNMEASURED = 0.5;

  /**
   * An engine that gives no position (a speech server, whisper in process) has its position moved
   * on its learned pace while it works and corrected only when a chunk returns, and a server's own
   * queue and rate limits add time no pace foresees: its range is this much wider...
   */
  static final double ESTIMATED_POSITION_WIDENING = 1.5;

  /** ...but never so wide that the early end passes now. */
  static final double MAX_UNCERTAINTY = 0.95;

  /** About 30 years: far beyond any real job, far below {@link Instant#MAX}. */
  static final double MAX_REMAINING_SECONDS = 1e9;

  private final Clock clock;
  private final double stallAfterSeconds;
  private final double freezeSeconds = seconds(FREEZE_AFTER);
  private final double pastLastReportSeconds = seconds(EXTRAPOLATE_PAST_LAST_REPORT);
  private final double workerSilentSeconds = seconds(WORKER_SILENT_AFTER);

  public ProgressEstimator(Clock clock) {
    this(clock, DEFAULT_STALL_AFTER);
  }

  public ProgressEstimator(Clock clock, Duration stallAfter) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (stallAfter.isNegative() || stallAfter.isZero()) {
      throw new IllegalArgumentException("stallAfter must be positive: " + stallAfter);
    }
    this.stallAfterSeconds = seconds(stallAfter);
  }

  public ProgressEstimate estimate(ProgressInput in) {
    Instant now = clock.instant();
    double prior = SpeedPrior.orDefault(in.priorSecondsPerAudioSecond());
    // A non-finished session never shows 100, even if a stale floor says so.
    double floor = Math.min(RUNNING_CAP, Math.max(0, finiteOr(in.progressFloor(), 0)));
    return switch (in.status()) {
      case COMPLETED ->
          new ProgressEstimate(
              100.0, null, null, null, Duration.ZERO, EtaText.COMPLETED, false, false, prior, null);
      case FAILED -> stopped(floor, EtaText.FAILED, prior);
      case CANCELLED -> stopped(floor, EtaText.CANCELLED, prior);
      case PENDING -> pending(in, now, prior, floor);
      case PROCESSING -> processing(in, now, prior, floor);
    };
  }

  /** Failed and cancelled sessions show where they stopped: the last progress the coach saw. */
  private static ProgressEstimate stopped(double floor, String message, double prior) {
    return new ProgressEstimate(floor, null, null, null, null, message, false, false, prior, null);
  }

  private ProgressEstimate pending(ProgressInput in, Instant now, double prior, double floor) {
    double queued = Math.max(0, finiteOr(in.queuedAudioSecondsAhead(), 0));
    // The prior is the pace of a session with the engines to itself, so others' work goes at it
    // too.
    double wait = queued * prior;
    String message = EtaText.pending(toDuration(wait));
    double total = in.durationTotalSeconds();
    if (!isKnownLength(total)) {
      return new ProgressEstimate(
          floor, null, null, null, null, message, false, false, prior, null);
    }
    // A re-queued session keeps its finished chunks, so only the rest is work.
    double processed = clamp(finiteOr(in.durationProcessedSeconds(), 0), 0, total);
    double remaining = wait + (total - processed) * prior;
    return withEta(
        floor,
        now,
        remaining,
        uncertainty(processed / total, in.positionEstimated()),
        message,
        false,
        false,
        prior,
        null);
  }

  private ProgressEstimate processing(ProgressInput in, Instant now, double prior, double floor) {
    Instant started = in.processingStartedAt();
    if (started == null) {
      return new ProgressEstimate(
          floor, null, null, null, null, EtaText.PROCESSING, false, false, prior, Pace.ON_TRACK);
    }
    // Clamp to now so a worker clock running ahead cannot produce negative time.
    Instant start = min(started, now);
    Instant lastProgress = in.lastProgressAt();
    // Progress from an earlier attempt is older than this attempt's start; the new start is then
    // the last sign of life.
    Instant anchor =
        min(now, lastProgress == null || lastProgress.isBefore(start) ? start : lastProgress);
    double sinceAnchor = seconds(Duration.between(anchor, now));
    boolean stalled = sinceAnchor >= stallAfterSeconds;
    Instant seen = in.workerSeenAt();
    Instant lastReport = seen != null && seen.isAfter(anchor) ? min(seen, now) : anchor;
    double silentFor = seconds(Duration.between(lastReport, now));
    // Silence is a lost worker only while a chunk was running; otherwise the session's next
    // chunks wait for an engine, and no stall clock runs either.
    boolean waiting = !in.chunkInFlight();
    boolean workerLost = !waiting && silentFor >= workerSilentSeconds;
    stalled = stalled && !waiting;

    double total = in.durationTotalSeconds();
    if (!isKnownLength(total)) {
      String message =
          workerLost
              ? EtaText.workerLost(toDuration(silentFor))
              : stalled ? EtaText.stalled(toDuration(sinceAnchor)) : EtaText.PROCESSING;
      return new ProgressEstimate(
          floor,
          null,
          null,
          null,
          null,
          message,
          stalled,
          false,
          prior,
          pace(workerLost, stalled, waiting, false));
    }
    double processed = clamp(finiteOr(in.durationProcessedSeconds(), 0), 0, total);
    double before = Math.max(0, finiteOr(in.activeSecondsBefore(), 0));
    // Wall time it took to transcribe `processed`: the evidence about this engine's speed.
    double elapsedAtAnchor = before + seconds(Duration.between(start, anchor));
    // A stored prior that had to be replaced by the default has taught nothing.
    int samples = SpeedPrior.isPlausible(in.priorSecondsPerAudioSecond()) ? in.priorSamples() : 0;
    double k = priorWeight(samples, prior, total);
    // The prior counts as k audio seconds that took prior·k wall seconds; measurement takes over
    // as processed grows past k.
    double rate = (prior * k + elapsedAtAnchor) / (k + processed);
    // Between reports the work goes on at the estimated rate, but only while a worker reports (up
    // to
    // two report intervals after its last report) and for at most FREEZE_AFTER without the audio
    // position moving; then both the extrapolation and the clock stop, so a stalled job or a lost
    // worker does not look alive.
    double reported = seconds(Duration.between(anchor, lastReport)) + pastLastReportSeconds;
    double drift = Math.min(sinceAnchor, Math.min(freezeSeconds, reported));
    double remaining = Math.max(0, (total - processed) * rate - drift);
    double audioFraction = Math.min(1, (processed + drift / rate) / total);
    double elapsed = elapsedAtAnchor + drift;
    double timeFraction = remaining == 0 ? 1 : elapsed / (elapsed + remaining);
    // The time share runs ahead of the audio when the work goes slower than estimated (a load, a
    // wait, an outage): the bar never shows more than the audio a worker reported transcribed.
    double raw =
        Math.min(
            AUDIO_WEIGHT * audioFraction + TIME_WEIGHT * timeFraction, 100 * processed / total);
    double progress = Math.min(RUNNING_CAP, Math.max(floor, cents(raw)));

    boolean almostDone = progress > ALMOST_DONE_ABOVE;
    boolean waitingNow = waiting && silentFor >= pastLastReportSeconds;
    String message =
        workerLost
            ? EtaText.workerLost(toDuration(silentFor))
            : stalled
                ? EtaText.stalled(toDuration(sinceAnchor))
                : waitingNow
                    ? EtaText.waitingForEngine(toDuration(remaining))
                    : almostDone ? EtaText.ALMOST_DONE : EtaText.remaining(toDuration(remaining));
    Pace pace = pace(workerLost, stalled, waitingNow, rate > prior * SLOW_FACTOR);
    return withEta(
        progress,
        now,
        remaining,
        uncertainty(audioFraction, in.positionEstimated()),
        message,
        stalled,
        almostDone,
        rate,
        pace);
  }

  /**
   * The progress as of the last report, with nothing extrapolated: what may be persisted as the
   * floor, since the bar must never claim work that no worker reported.
   */
  public double progressAtLastReport(ProgressInput in) {
    Instant now = clock.instant();
    if (in.status() != SessionStatus.PROCESSING || in.processingStartedAt() == null) {
      return estimate(in).progress();
    }
    double prior = SpeedPrior.orDefault(in.priorSecondsPerAudioSecond());
    double floor = Math.min(RUNNING_CAP, Math.max(0, finiteOr(in.progressFloor(), 0)));
    Instant start = min(in.processingStartedAt(), now);
    Instant lastProgress = in.lastProgressAt();
    Instant anchor =
        min(now, lastProgress == null || lastProgress.isBefore(start) ? start : lastProgress);
    return processing(in, anchor, prior, floor).progress();
  }

  /** A silent worker says more than a stuck position, and both more than a slow one. */
  private static Pace pace(boolean workerLost, boolean stalled, boolean waiting, boolean slow) {
    if (workerLost) {
      return Pace.WORKER_LOST;
    }
    if (stalled) {
      return Pace.STALLED;
    }
    if (waiting) {
      return Pace.WAITING;
    }
    return slow ? Pace.SLOW : Pace.ON_TRACK;
  }

  /**
   * The relative half-width of the ETA range. It narrows as more audio is measured: u = 0.15 +
   * 0.5·(1 − f), so it is ±65 % before any audio is transcribed and ±15 % at the end; 1.5 times
   * that (at most ±95 %) for an engine whose position is estimated.
   */
  static double uncertainty(double audioFraction, boolean positionEstimated) {
    double u = UNCERTAINTY_BASE + UNCERTAINTY_UNMEASURED * (1 - audioFraction);
    return positionEstimated ? Math.min(MAX_UNCERTAINTY, u * ESTIMATED_POSITION_WIDENING) : u;
  }

  /** ETA and its range: {@code now + remaining × (1 ∓ u)}. */
  private static ProgressEstimate withEta(
      double progress,
      Instant now,
      double remainingSeconds,
      double u,
      String message,
      boolean stalled,
      boolean almostDone,
      double rate,
      Pace pace) {
    Duration remaining = toDuration(remainingSeconds);
    return new ProgressEstimate(
        progress,
        now.plus(remaining),
        now.plus(toDuration(remainingSeconds * (1 - u))),
        now.plus(toDuration(remainingSeconds * (1 + u))),
        remaining,
        message,
        stalled,
        almostDone,
        rate,
        pace);
  }

  /**
   * The prior's weight k in audio seconds: min(60 s, W / prior, 5 % of the recording), with W = 60
   * s of watching for a learned prior and 10 s for the default guess.
   */
  private static double priorWeight(int samples, double prior, double total) {
    double wall = samples > 0 ? PRIOR_WEIGHT_WALL_SECONDS : UNLEARNED_PRIOR_WEIGHT_WALL_SECONDS;
    return Math.min(Math.min(PRIOR_WEIGHT_AUDIO_SECONDS, wall / prior), PRIOR_WEIGHT_SHARE * total);
  }

  private static boolean isKnownLength(double total) {
    return total > 0 && Double.isFinite(total);
  }

  /**
   * Rounds down to two decimals, so the bar never shows more than was computed; the epsilon keeps a
   * binary 24.999999999996 from reading as 24.99.
   */
  private static double cents(double percent) {
    return Math.floor(percent * 100 + 1e-6) / 100;
  }

  /**
   * Whole seconds, rounded; monotone, so low ≤ estimate ≤ high survives the rounding. Capped so a
   * garbage length (1e300 seconds) cannot overflow {@link Instant}.
   */
  private static Duration toDuration(double seconds) {
    return Duration.ofSeconds(Math.round(Math.min(seconds, MAX_REMAINING_SECONDS)));
  }

  private static double seconds(Duration d) {
    return d.getSeconds() + d.getNano() / 1e9;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static double finiteOr(double v, double fallback) {
    return Double.isFinite(v) ? v : fallback;
  }
}
