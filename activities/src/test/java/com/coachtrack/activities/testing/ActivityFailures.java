package com.coachtrack.activities.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.coachtrack.workflows.status.ErrorCode;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Unwraps what an activity stub throws into the activity's own failure. */
public final class ActivityFailures {
  private ActivityFailures() {}

  /**
   * Asserts that the call fails with the code and retry flag, and returns the failure for more
   * checks.
   */
  public static ApplicationFailure failure(
      ThrowingCallable call, ErrorCode code, boolean nonRetryable) {
    Throwable thrown = catchThrowable(call);
    assertThat(thrown).isInstanceOf(ActivityFailure.class);
    assertThat(thrown.getCause()).isInstanceOf(ApplicationFailure.class);
    ApplicationFailure failure = (ApplicationFailure) thrown.getCause();
    assertThat(failure.getType()).as(failure.getOriginalMessage()).isEqualTo(code.failureType());
    assertThat(failure.isNonRetryable()).isEqualTo(nonRetryable);
    return failure;
  }
}
