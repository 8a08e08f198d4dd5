package com.coachtrack.workflows;

import com.coachtrack.workflows.activities.NotificationActivities;
import com.coachtrack.workflows.activities.SessionEvent;
import com.coachtrack.workflows.status.FailureTypes;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * The notifications a session's end sends, for the workflows that end sessions. Made inside a
 * workflow (it holds activity stubs). A notification that cannot be sent is logged and given up: it
 * never changes how the session ended.
 */
final class SessionNotices {
  private static final Logger LOG = Workflow.getLogger(SessionNotices.class);

  /** An SMTP server that is down is waited for this long; a day-old e-mail is still worth it. */
  static final Duration MAIL_FOR = Duration.ofDays(1);

  // Each try has a minute (connect, TLS, one message); retried 10 s, 20 s, … up to 10 min apart.
  private final NotificationActivities mail =
      Workflow.newActivityStub(
          NotificationActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofMinutes(1))
              .setScheduleToCloseTimeout(MAIL_FOR)
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(10))
                      .setBackoffCoefficient(2)
                      .setMaximumInterval(Duration.ofMinutes(10))
                      .setDoNotRetry(FailureTypes.MAIL_REFUSED, FailureTypes.SESSION_GONE)
                      .build())
              .build());

  // Queueing is a few database rows and workflow starts: retried like the session's bookkeeping,
  // for as long as a database outage may last.
  private final NotificationActivities webhooks =
      Workflow.newActivityStub(
          NotificationActivities.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(Duration.ofSeconds(30))
              .setScheduleToCloseTimeout(TranscriptionWorkflowImpl.DATABASE_OUTAGE_LIMIT)
              .setRetryOptions(
                  RetryOptions.newBuilder()
                      .setInitialInterval(Duration.ofSeconds(1))
                      .setMaximumInterval(Duration.ofMinutes(1))
                      .setDoNotRetry(FailureTypes.SESSION_GONE)
                      .build())
              .build());

  /**
   * Starts the e-mail and the webhooks side by side.
   *
   * @return done when both are sent or given up; never fails
   */
  Promise<Void> announce(SessionEvent event) {
    Promise<Void> mailed =
        Async.procedure(mail::emailCoach, event)
            .handle(
                (done, failure) -> {
                  if (failure != null) {
                    LOG.warn(
                        "Session {}: no e-mail sent: {}", event.sessionId(), failure.toString());
                  }
                  return null;
                });
    Promise<Void> queued =
        Async.function(webhooks::queueWebhooks, event)
            .handle(
                (count, failure) -> {
                  if (failure != null) {
                    LOG.warn(
                        "Session {}: webhooks not queued: {}",
                        event.sessionId(),
                        failure.toString());
                  }
                  return null;
                });
    return Promise.allOf(mailed, queued);
  }
}
