package com.coachtrack.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** One webhook delivery's attempts; implemented by {@code WebhookActivitiesImpl}. */
@ActivityInterface
public interface WebhookActivities {

  /**
   * POSTs the delivery once and records the attempt. Returns when there is nothing more to do
   * ({@code delivered}, or {@code skipped} when the endpoint was removed or disabled meanwhile);
   * fails, to be retried with backoff, on a timeout, a network error, a 5xx, 408 or 429; fails with
   * {@link com.coachtrack.workflows.status.FailureTypes#WEBHOOK_REFUSED}, never retried, on any
   * other answer (a 410 also disables the endpoint).
   */
  @ActivityMethod(name = "AttemptWebhook")
  String attempt(WebhookDeliveryRequest request);

  /** Records that the delivery was given up after its retry window; nothing if already final. */
  @ActivityMethod(name = "GiveUpWebhook")
  void giveUp(String deliveryId);
}
