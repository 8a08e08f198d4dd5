package com.coachtrack.workflows.progress;

/**
 * The learned processing speed of an engine, in wall seconds per audio second. The story assumed 4×
 * for every engine; engines differ by more than 10×, so each completed session feeds its observed
 * speed back into a smoothed per-engine prior.
 */
public final class SpeedPrior {

  /** The story's "4× real time"; used until an engine has a plausible learned value. */
  public static final double DEFAULT = 4.0;

  /**
   * Observations above this are not a speed but a symptom (a session that sat stalled for hours, a
   * clock jump); learning from them would poison every later ETA for the engine.
   */
  public static final double MAX_PLAUSIBLE = 100.0;

  /**
   * Lower bound of the smoothing factor: once a few samples exist, each new session still moves the
   * prior by 30 %, so an engine upgrade or a slower machine shows up within a handful of jobs.
   */
  public static final double MIN_ALPHA = 0.3;

  private SpeedPrior() {}

  /**
   * Folds one observation into the prior. With {@code alpha = max(0.3, 1/(samples+1))} the first
   * three observations are averaged exactly (alpha 1, 1/2, 1/3), after which it becomes an
   * exponential moving average.
   *
   * @param previous the current prior (implausible values count as "no prior yet")
   * @param samples how many observations {@code previous} already contains
   * @param observedSecondsPerAudioSecond processing wall seconds / audio seconds of one session
   * @return the new prior; the previous one (or {@link #DEFAULT}) if the observation is rejected.
   *     Callers increment their sample count only when {@link #isPlausible} accepted it.
   */
  public static double update(double previous, int samples, double observedSecondsPerAudioSecond) {
    if (!isPlausible(observedSecondsPerAudioSecond)) {
      return orDefault(previous);
    }
    if (!isPlausible(previous)) {
      return observedSecondsPerAudioSecond;
    }
    double alpha = Math.max(MIN_ALPHA, 1.0 / (Math.max(0, samples) + 1));
    return (1 - alpha) * previous + alpha * observedSecondsPerAudioSecond;
  }

  /** True for speeds in (0, {@link #MAX_PLAUSIBLE}]; false for NaN, ≤ 0 and absurd ones. */
  public static boolean isPlausible(double secondsPerAudioSecond) {
    return secondsPerAudioSecond > 0 && secondsPerAudioSecond <= MAX_PLAUSIBLE;
  }

  /** The prior to use: the given one if plausible, otherwise {@link #DEFAULT}. */
  public static double orDefault(double secondsPerAudioSecond) {
    return isPlausible(secondsPerAudioSecond) ? secondsPerAudioSecond : DEFAULT;
  }
}
