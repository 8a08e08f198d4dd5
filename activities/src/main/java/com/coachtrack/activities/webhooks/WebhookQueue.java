package com.coachtrack.activities.webhooks;

import com.coachtrack.store.WebhookDeliveryDao;
import com.coachtrack.store.WebhookDeliveryRow;
import com.coachtrack.store.WebhookEndpointRow;
import com.coachtrack.workflows.TaskQueues;
import com.coachtrack.workflows.WebhookDeliveryWorkflow;
import com.coachtrack.workflows.activities.SessionEvent;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Queues webhook deliveries and keeps a run going for each one that is not finished. */
public final class WebhookQueue {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookQueue.class);

  /**
   * A pending delivery this far past its next attempt has lost its run (or its workers are down:
   * then its run is open, and left alone).
   */
  static final Duration OVERDUE_AFTER = Duration.ofMinutes(2);

  private static final int RESTARTS_PER_PASS = 200;

  private final Jdbi jdbi;
  private final WorkflowClient client;
  private final WebhookPolicy policy;
  private final Clock clock;

  public WebhookQueue(Jdbi jdbi, WorkflowClient client, WebhookPolicy policy, Clock clock) {
    this.jdbi = jdbi;
    this.client = client;
    this.policy = policy;
    this.clock = clock;
  }

  /**
   * One delivery per endpoint, each with its run. Safe to repeat: the delivery ids are derived from
   * the event, and a run is never started twice for one.
   *
   * @return how many deliveries are pending now
   */
  public int queue(SessionEvent event, List<WebhookEndpointRow> endpoints, String payload) {
    Instant now = clock.instant();
    int pending = 0;
    for (WebhookEndpointRow endpoint : endpoints) {
      UUID id = deliveryId(endpoint.id(), event);
      jdbi.useExtension(
          WebhookDeliveryDao.class,
          dao ->
              dao.insert(
                  id,
                  endpoint.id(),
                  UUID.fromString(event.sessionId()),
                  event.eventType(),
                  payload,
                  now));
      WebhookDeliveryRow row =
          jdbi.withExtension(WebhookDeliveryDao.class, dao -> dao.findById(id)).orElseThrow();
      if (WebhookDeliveryRow.PENDING.equals(row.status())) {
        start(row, WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
        pending++;
      }
    }
    return pending;
  }

  /**
   * Starts a new run for every overdue pending delivery whose run is gone; gives up the ones past
   * their retry window instead.
   *
   * @return how many runs were started
   */
  public int restartOverdue() {
    Instant now = clock.instant();
    List<WebhookDeliveryRow> overdue =
        jdbi.withExtension(
            WebhookDeliveryDao.class,
            dao -> dao.overdue(now.minus(OVERDUE_AFTER), RESTARTS_PER_PASS));
    int restarted = 0;
    for (WebhookDeliveryRow row : overdue) {
      if (now.isAfter(row.createdAt().plus(policy.retryFor()))) {
        jdbi.useExtension(
            WebhookDeliveryDao.class,
            dao -> dao.fail(row.id(), "Given up: not delivered within " + window(), now));
        continue;
      }
      String workflowId = TaskQueues.webhookDeliveryWorkflowId(row.id().toString());
      if (isOpen(workflowId)) {
        continue;
      }
      start(row, WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
      restarted++;
      LOG.info("Restarted webhook delivery {} ({} attempts so far)", row.id(), row.attempts());
    }
    return restarted;
  }

  private void start(WebhookDeliveryRow row, WorkflowIdReusePolicy reuse) {
    WebhookDeliveryWorkflow workflow =
        client.newWorkflowStub(
            WebhookDeliveryWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(TaskQueues.webhookDeliveryWorkflowId(row.id().toString()))
                .setTaskQueue(TaskQueues.TRANSCRIPTION)
                .setWorkflowIdReusePolicy(reuse)
                // Ids only: the body holds the session's title and stays in our database.
                .setMemo(
                    Map.of(
                        "endpoint", row.endpointId().toString(),
                        "session", row.sessionId().toString(),
                        "event", row.eventType()))
                .build());
    try {
      WorkflowClient.start(workflow::deliver, policy.request(row.id(), row.createdAt()));
    } catch (WorkflowExecutionAlreadyStarted e) {
      // Started by an earlier try of the same activity: one run per delivery is what we want.
    }
  }

  private boolean isOpen(String workflowId) {
    try {
      return client
              .getWorkflowServiceStubs()
              .blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(client.getOptions().getNamespace())
                      .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                      .build())
              .getWorkflowExecutionInfo()
              .getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private String window() {
    long hours = policy.retryFor().toHours();
    return hours >= 1 ? hours + " h" : policy.retryFor().toMinutes() + " min";
  }

  /** The same event for the same endpoint is the same delivery, however often it is queued. */
  static UUID deliveryId(UUID endpointId, SessionEvent event) {
    String key =
        endpointId + "|" + event.sessionId() + "|" + event.attempt() + "|" + event.eventType();
    return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
  }
}
