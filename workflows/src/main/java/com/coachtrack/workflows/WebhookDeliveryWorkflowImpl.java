package com.coachtrack.workflows;

import com.coachtrack.workflows.activities.WebhookActivities;
import com.coachtrack.workflows.activities.WebhookDeliveryRequest;
import com.coachtrack.workflows.status.FailureTypes;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class WebhookDeliveryWorkflowImpl implements WebhookDeliveryWorkflow {
  /** What the attempt activity ends with when it is given up. */
  static final String FAILED = "failed";

  // Recording the outcome is a database write: retried through an outage like the bookkeeping.
  private final WebhookActivities bookkeeping =
      Workflow.newActivityStub(
          WebhookActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setScheduleToCloseTimeout(TranscriptionWorkflowImpl.DATABASE_OUTAGE_LIMIT)
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .build())
              .build());

  @Override
  public String deliver(WebhookDeliveryRequest request) {
    // The backoff lives in the activity's retry policy, not in workflow timers: Temporal schedules
    // each retry on the task queue itself, so any worker takes it, even one started after every
    // other process went away. The stub depends on the request, hence made here, not as a field.
    Duration window =
        Duration.ofMillis(
            Math.max(
                Duration.ofMinutes(1).toMillis(),
                request.giveUpAtMillis() - Workflow.currentTimeMillis()));
    WebhookActivities attempts =
        Workflow.newActivityStub(
            WebhookActivities.class,
            ActivityOptions.newBuilder()
                // Connect, send and the answer have their own shorter timeouts inside.
                .setStartToCloseTimeout(Duration.ofMinutes(1))
                .setScheduleToCloseTimeout(window)
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(request.firstRetrySeconds()))
                        .setBackoffCoefficient(2)
                        .setMaximumInterval(Duration.ofSeconds(request.maxRetrySeconds()))
                        .setDoNotRetry(FailureTypes.WEBHOOK_REFUSED)
                        .build())
                .build());
    try {
      return attempts.attempt(request);
    } catch (ActivityFailure e) {
      if (e.getCause() instanceof ApplicationFailure refused
          && FailureTypes.WEBHOOK_REFUSED.equals(refused.getType())) {
        // The activity recorded the refusal (and disabled the endpoint on a 410).
        return FAILED;
      }
      bookkeeping.giveUp(request.deliveryId());
      return FAILED;
    }
  }
}
