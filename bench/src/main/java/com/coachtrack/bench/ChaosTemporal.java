package com.coachtrack.bench;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.TaskQueueKind;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.TerminateWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;

/**
 * What {@code bench/chaos} asks the Temporal server directly: why a session's run is not moving
 * (the last events of its history, and whether a workflow task waits on the sticky queue of a
 * worker process that no longer exists), and, for the rescue after the settle phase, terminating a
 * stuck run as docs/operators.md tells an operator to.
 */
final class ChaosTemporal implements AutoCloseable {
  private static final String NAMESPACE = "default";
  private final WorkflowServiceStubs service;

  ChaosTemporal(int port) {
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
  }

  /**
   * @param processName the name of one of our processes for a pid, with whether it still runs, or
   *     null when the pid is none of ours
   */
  String explain(String sessionId, LongFunction<String> processName) {
    WorkflowExecution execution = execution(sessionId);
    try {
      WorkflowExecutionStatus status =
          service
              .blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace(NAMESPACE)
                      .setExecution(execution)
                      .build())
              .getWorkflowExecutionInfo()
              .getStatus();
      List<HistoryEvent> events = history(execution);
      StringBuilder out =
          new StringBuilder("run ")
              .append(
                  status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT))
              .append(", ")
              .append(events.size())
              .append(" events, the last: ");
      List<String> last = new ArrayList<>();
      for (HistoryEvent event : events.subList(Math.max(0, events.size() - 3), events.size())) {
        last.add(name(event.getEventType()));
      }
      out.append(String.join(", ", last));
      // A workflow task scheduled and never started: on which queue it waits. The test server
      // records the normal queue in the event even when it queues the task on the sticky queue of
      // the worker that completed the previous workflow task, so that worker is named too.
      int scheduled = -1;
      for (int i = events.size() - 1; i >= 0; i--) {
        EventType type = events.get(i).getEventType();
        if (type == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED) {
          break;
        }
        if (type == EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) {
          scheduled = i;
          break;
        }
      }
      if (scheduled >= 0) {
        HistoryEvent task = events.get(scheduled);
        var queue = task.getWorkflowTaskScheduledEventAttributes().getTaskQueue();
        out.append("; a workflow task scheduled at ")
            .append(
                java.time.Instant.ofEpochSecond(
                    task.getEventTime().getSeconds(), task.getEventTime().getNanos()))
            .append(" (")
            .append(queue.getKind() == TaskQueueKind.TASK_QUEUE_KIND_STICKY ? "sticky" : "normal")
            .append(" queue ")
            .append(queue.getName())
            .append(") never started");
        for (int i = scheduled - 1; i >= 0; i--) {
          if (events.get(i).getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
            String identity = events.get(i).getWorkflowTaskCompletedEventAttributes().getIdentity();
            long pid = pidOf(identity);
            String owner = pid < 0 ? null : processName.apply(pid);
            out.append("; the previous workflow task was completed by ")
                .append(identity)
                .append(" (")
                .append(owner == null ? "none of our processes" : owner)
                .append("), whose sticky queue the test server keeps the next task on");
            break;
          }
        }
      }
      return out.toString();
    } catch (RuntimeException e) {
      return "Temporal could not say: " + e;
    }
  }

  /** Terminates the session's open run; the app's reconciler then starts a new one. */
  boolean terminate(String sessionId, String reason) {
    try {
      service
          .blockingStub()
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .terminateWorkflowExecution(
              TerminateWorkflowExecutionRequest.newBuilder()
                  .setNamespace(NAMESPACE)
                  .setWorkflowExecution(execution(sessionId))
                  .setReason(reason)
                  .build());
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    service.shutdownNow();
  }

  private List<HistoryEvent> history(WorkflowExecution execution) {
    List<HistoryEvent> events = new ArrayList<>();
    com.google.protobuf.ByteString token = com.google.protobuf.ByteString.EMPTY;
    do {
      GetWorkflowExecutionHistoryResponse page =
          service
              .blockingStub()
              .withDeadlineAfter(10, TimeUnit.SECONDS)
              .getWorkflowExecutionHistory(
                  GetWorkflowExecutionHistoryRequest.newBuilder()
                      .setNamespace(NAMESPACE)
                      .setExecution(execution)
                      .setNextPageToken(token)
                      .build());
      events.addAll(page.getHistory().getEventsList());
      token = page.getNextPageToken();
    } while (!token.isEmpty());
    return events;
  }

  private static WorkflowExecution execution(String sessionId) {
    return WorkflowExecution.newBuilder().setWorkflowId("transcription-" + sessionId).build();
  }

  /** A Java SDK worker's identity is {@code <pid>@<host>} (its sticky queue starts the same). */
  private static long pidOf(String identity) {
    int at = identity.indexOf('@');
    try {
      return at > 0 ? Long.parseLong(identity.substring(0, at)) : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static String name(EventType type) {
    return type.name().replace("EVENT_TYPE_", "");
  }
}
