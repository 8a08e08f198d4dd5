package com.coachtrack.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * What happens when a session ends: the coach's e-mail and the platforms' webhooks, as each coach
 * chose them. Implemented by {@code NotificationActivitiesImpl} in the activities module.
 */
@ActivityInterface
public interface NotificationActivities {

  /**
   * Sends the coach the e-mail their preferences ask for (none when e-mail is off on this
   * installation, the coach opted out or has no address). A refused recipient fails with {@link
   * com.coachtrack.workflows.status.FailureTypes#MAIL_REFUSED}, which is not retried.
   */
  @ActivityMethod(name = "EmailCoach")
  void emailCoach(SessionEvent event);

  /**
   * Records one delivery per webhook endpoint that wants the event and starts a delivery workflow
   * for each; idempotent, so a retry neither duplicates a delivery nor starts it twice.
   *
   * @return how many deliveries were started
   */
  @ActivityMethod(name = "QueueWebhooks")
  int queueWebhooks(SessionEvent event);
}
