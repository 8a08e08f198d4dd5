package com.coachtrack.workflows.progress;

/**
 * The user story's progress formula, unmodified (4× prior, 70/30 weights, unbounded time term), in
 * percent: what the tests and docs compare the estimator's corrections with.
 */
final class StoryFormula {
  private StoryFormula() {}

  static double progress(double processed, double total, double elapsedSeconds) {
    double expectedTime = total * 4;
    double actualProgress = processed / total * 100;
    double timeProgress = elapsedSeconds / expectedTime * 100;
    return actualProgress * 0.7 + timeProgress * 0.3;
  }
}
