package com.coachtrack.store;

import com.coachtrack.workflows.status.ErrorCode;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/**
 * Turns database exceptions into the retryable failure class the workflow and the coach understand.
 */
final class Failures {
  private Failures() {}

  static <T> T database(Supplier<T> work) {
    try {
      return work.get();
    } catch (JdbiException e) {
      throw ApplicationFailure.newFailureWithCause(
          "Database unavailable: " + e.getMessage(), ErrorCode.DATABASE_ERROR.failureType(), e);
    }
  }

  static void database(Runnable work) {
    database(
        () -> {
          work.run();
          return null;
        });
  }
}
