package com.coachtrack.activities.failures;

import com.coachtrack.workflows.status.ErrorCode;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/**
 * Infrastructure exceptions as the failure classes the workflow and the coach understand: a
 * database or storage outage is ours and retryable, never the coach's file.
 */
public final class Failures {
  private Failures() {}

  /** Runs a database call; its outage becomes a retryable {@code database_error}. */
  public static <T> T database(Supplier<T> work) {
    try {
      return work.get();
    } catch (JdbiException e) {
      throw databaseFailure(e);
    }
  }

  public static void database(Runnable work) {
    database(
        () -> {
          work.run();
          return null;
        });
  }

  /**
   * A database failure as the workflow sees it. The database's disk being full is a storage problem
   * like any other full disk (and is reported as one to the coach), not an outage to be waited out.
   */
  public static ApplicationFailure databaseFailure(JdbiException e) {
    if (DiskFull.causedBy(e)) {
      return ApplicationFailure.newFailureWithCause(
          "The database has no space left: " + e.getMessage(),
          ErrorCode.STORAGE_ERROR.failureType(),
          e);
    }
    return ApplicationFailure.newFailureWithCause(
        "Database unavailable: " + e.getMessage(), ErrorCode.DATABASE_ERROR.failureType(), e);
  }

  /** A file we could not read or write, a full disk included: a retryable {@code storage_error}. */
  public static ApplicationFailure storage(String message, IOException e) {
    return ApplicationFailure.newFailureWithCause(
        message + ": " + e, ErrorCode.STORAGE_ERROR.failureType(), e);
  }
}
