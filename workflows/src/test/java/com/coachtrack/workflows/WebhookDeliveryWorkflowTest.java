package com.coachtrack.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.workflows.activities.NotificationActivities;
import com.coachtrack.workflows.activities.SessionEvent;
import com.coachtrack.workflows.activities.WebhookActivities;
import com.coachtrack.workflows.activities.WebhookDeliveryRequest;
import com.coachtrack.workflows.status.FailureTypes;
import com.coachtrack.workflows.status.SessionStatus;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A delivery's retries and when they stop, with the attempt activity answering as a receiver would;
 * time is skipped by the test server, so a day of backoff takes a moment.
 */
class WebhookDeliveryWorkflowTest {
  private static final String DELIVERY = "0c5e2b8a-6f1d-4e3a-9b7c-2d4f6a8b0c1e";

  private final ScriptedReceiver receiver = new ScriptedReceiver();
  private final RecordedNotices notices = new RecordedNotices();

  @RegisterExtension
  final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              WebhookDeliveryWorkflowImpl.class, SessionNoticeWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private String deliver(TestWorkflowEnvironment env, Worker worker, long retryForSeconds) {
    worker.registerActivitiesImplementations(receiver, notices);
    env.start();
    WebhookDeliveryWorkflow workflow =
        env.getWorkflowClient()
            .newWorkflowStub(
                WebhookDeliveryWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(TaskQueues.webhookDeliveryWorkflowId(DELIVERY))
                    .setTaskQueue(worker.getTaskQueue())
                    .build());
    receiver.clock = env;
    receiver.startedAt = env.currentTimeMillis();
    return workflow.deliver(
        new WebhookDeliveryRequest(
            DELIVERY, 30, 3600, env.currentTimeMillis() + retryForSeconds * 1000));
  }

  @Test
  void aServerErrorIsRetriedWithBackoffUntilTheReceiverTakesIt(
      TestWorkflowEnvironment env, Worker worker) {
    receiver.answers.addAll(List.of(500, 503, 200));

    assertThat(deliver(env, worker, 86_400)).isEqualTo("delivered");
    assertThat(receiver.attempts).containsExactly(1, 2, 3);
    // 30 s before the second attempt, 60 s before the third.
    assertThat(receiver.secondsAfterStart.get(1)).isBetween(29L, 40L);
    assertThat(receiver.secondsAfterStart.get(2)).isBetween(89L, 100L);
    assertThat(receiver.gaveUp).isEmpty();
  }

  @Test
  void aRefusalStopsAtOnce(TestWorkflowEnvironment env, Worker worker) {
    receiver.answers.addAll(List.of(410, 200));

    assertThat(deliver(env, worker, 86_400)).isEqualTo("failed");
    assertThat(receiver.attempts).containsExactly(1);
    assertThat(receiver.gaveUp).as("the activity recorded the refusal itself").isEmpty();
  }

  @Test
  void aReceiverThatNeverAnswersIsGivenUpAfterTheRetryWindow(
      TestWorkflowEnvironment env, Worker worker) {
    receiver.always = 500;

    assertThat(deliver(env, worker, 86_400)).isEqualTo("failed");
    assertThat(receiver.gaveUp).containsExactly(DELIVERY);
    // 30 s doubling to an hour apart: about thirty attempts in a day, the last within it.
    assertThat(receiver.attempts).hasSizeBetween(25, 35);
    assertThat(receiver.secondsAfterStart.get(receiver.secondsAfterStart.size() - 1))
        .isLessThanOrEqualTo(86_400L);
  }

  @Test
  void theWaitBeforeARetryDoublesUpToTheLongest() {
    WebhookDeliveryRequest request = new WebhookDeliveryRequest(DELIVERY, 30, 3600, 0);
    assertThat(request.secondsBeforeRetry(1)).isEqualTo(30);
    assertThat(request.secondsBeforeRetry(2)).isEqualTo(60);
    assertThat(request.secondsBeforeRetry(7)).isEqualTo(1920);
    assertThat(request.secondsBeforeRetry(8)).isEqualTo(3600);
    assertThat(request.secondsBeforeRetry(40)).isEqualTo(3600);
  }

  @Test
  void aSessionNoticeSendsTheEmailAndQueuesTheWebhooks(TestWorkflowEnvironment env, Worker worker) {
    worker.registerActivitiesImplementations(receiver, notices);
    env.start();
    SessionEvent event =
        new SessionEvent(
            "5a3d7c3e-8b1f-4a3e-9d53-3c8f5a2b9e10", SessionStatus.CANCELLED, 2, null, 1000);
    env.getWorkflowClient()
        .newWorkflowStub(
            SessionNoticeWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(
                    TaskQueues.sessionNoticeWorkflowId(event.sessionId(), 2, "cancelled"))
                .setTaskQueue(worker.getTaskQueue())
                .build())
        .announce(event);

    assertThat(notices.emailed).containsExactly(event);
    assertThat(notices.queued).containsExactly(event);
  }

  /** Answers attempts with scripted status codes, as the attempt activity reports them. */
  static final class ScriptedReceiver implements WebhookActivities {
    final List<Integer> answers = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> attempts = Collections.synchronizedList(new ArrayList<>());
    final List<Long> secondsAfterStart = Collections.synchronizedList(new ArrayList<>());
    final List<String> gaveUp = Collections.synchronizedList(new ArrayList<>());
    volatile Integer always;
    volatile long startedAt;
    volatile TestWorkflowEnvironment clock;

    @Override
    public String attempt(WebhookDeliveryRequest request) {
      attempts.add(Activity.getExecutionContext().getInfo().getAttempt());
      secondsAfterStart.add((clock.currentTimeMillis() - startedAt) / 1000);
      int status = always != null ? always : answers.remove(0);
      if (status < 300) {
        return "delivered";
      }
      if (status >= 500 || status == 408 || status == 429) {
        throw ApplicationFailure.newFailure("HTTP " + status, "coachtrack.webhook_retry");
      }
      throw ApplicationFailure.newNonRetryableFailure(
          "HTTP " + status, FailureTypes.WEBHOOK_REFUSED);
    }

    @Override
    public void giveUp(String deliveryId) {
      gaveUp.add(deliveryId);
    }
  }

  static final class RecordedNotices implements NotificationActivities {
    final List<SessionEvent> emailed = Collections.synchronizedList(new ArrayList<>());
    final List<SessionEvent> queued = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void emailCoach(SessionEvent event) {
      emailed.add(event);
    }

    @Override
    public int queueWebhooks(SessionEvent event) {
      queued.add(event);
      return 0;
    }
  }
}
