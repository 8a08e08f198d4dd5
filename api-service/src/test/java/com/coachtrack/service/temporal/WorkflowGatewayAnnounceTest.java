package com.coachtrack.service.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.workflows.SessionNoticeWorkflowImpl;
import com.coachtrack.workflows.TaskQueues;
import com.coachtrack.workflows.activities.NotificationActivities;
import com.coachtrack.workflows.activities.SessionEvent;
import com.coachtrack.workflows.status.SessionStatus;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A final status the API recorded itself (its run was gone) is announced by a run of its own, once
 * however many times the API asks, against Temporal's test server.
 */
class WorkflowGatewayAnnounceTest {
  private final List<SessionEvent> emailed = Collections.synchronizedList(new ArrayList<>());
  private final List<SessionEvent> queued = Collections.synchronizedList(new ArrayList<>());
  private TestWorkflowEnvironment env;
  private WorkflowGateway gateway;

  @BeforeEach
  void start() {
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(TaskQueues.TRANSCRIPTION);
    worker.registerWorkflowImplementationTypes(SessionNoticeWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new NotificationActivities() {
          @Override
          public void emailCoach(SessionEvent event) {
            emailed.add(event);
          }

          @Override
          public int queueWebhooks(SessionEvent event) {
            queued.add(event);
            return 1;
          }
        });
    env.start();
    gateway = new WorkflowGateway(env.getWorkflowClient(), new RunSearchAttributes(), 2);
  }

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void aCancelTheApiRecordedIsAnnouncedOnceByARunOfItsOwn() {
    SessionEvent cancelled =
        new SessionEvent(
            "3f0b6c1e-2d4a-4b8c-9e1f-5a6b7c8d9e0f", SessionStatus.CANCELLED, 2, null, 1_000);

    gateway.announce(cancelled);
    gateway.announce(cancelled);

    String workflowId = TaskQueues.sessionNoticeWorkflowId(cancelled.sessionId(), 2, "cancelled");
    env.getWorkflowClient().newUntypedWorkflowStub(workflowId).getResult(Void.class);
    assertThat(emailed).containsExactly(cancelled);
    assertThat(queued).containsExactly(cancelled);
  }
}
