package com.coachtrack.service.temporal;

import com.coachtrack.store.SessionRow;
import com.coachtrack.workflows.TaskQueues;
import com.coachtrack.workflows.TranscriptionRequest;
import com.coachtrack.workflows.TranscriptionWorkflow;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Starts, signals and inspects transcription workflows by session. */
public final class WorkflowGateway {
  private static final long CALL_DEADLINE_SECONDS = 10;
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          runnable -> {
            Thread thread = new Thread(runnable, "temporal-call-deadlines");
            thread.setDaemon(true);
            return thread;
          });

  private final WorkflowClient client;
  private final RunSearchAttributes searchAttributes;
  private final int chunkWindow;

  /**
   * @param chunkWindow chunks a run keeps in flight: the fleet's engine slots
   */
  public WorkflowGateway(
      WorkflowClient client, RunSearchAttributes searchAttributes, int chunkWindow) {
    this.client = client;
    this.searchAttributes = searchAttributes;
    this.chunkWindow = chunkWindow;
  }

  /** Starts a run for the session; a run for it that is still open is left alone. */
  public void start(SessionRow session, int attempt) {
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(session.workflowId())
            .setTaskQueue(TaskQueues.TRANSCRIPTION)
            .setWorkflowIdReusePolicy(
                WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
            // What an operator needs to find and judge a run, and nothing of the coach's content:
            // no title or file name (the database has them, behind sign-in).
            .setMemo(
                Map.of(
                    "coach", session.coachId(),
                    "engine", session.engine(),
                    "audio_seconds", session.durationTotal()));
    if (searchAttributes.available()) {
      options.setTypedSearchAttributes(searchAttributes.of(session));
    }
    TranscriptionWorkflow workflow =
        client.newWorkflowStub(TranscriptionWorkflow.class, options.build());
    TranscriptionRequest request =
        new TranscriptionRequest(
            session.id().toString(),
            session.coachId(),
            session.sourceKey(),
            session.engine(),
            session.durationTotal(),
            attempt,
            chunkWindow);
    // The client retries a start for a minute while Temporal is away; an upload waiting on it
    // would hold its request thread that long, so the call gets a deadline and the caller a 503.
    try (Context.CancellableContext deadline =
        Context.current().withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS, TIMER)) {
      deadline.run(() -> WorkflowClient.start(workflow::transcribe, request));
    } catch (WorkflowExecutionAlreadyStarted e) {
      // Another process (API or worker starting up) started it first: one run is what we want.
    }
  }

  /** Asks the session's open run to try again; false when no run is open (start a new one). */
  public boolean retry(String workflowId, String requestedBy) {
    return signal(workflowId, workflow -> workflow.retry(requestedBy));
  }

  /** Asks the session's open run to stop; false when no run is open. */
  public boolean cancel(String workflowId, String requestedBy) {
    return signal(workflowId, workflow -> workflow.cancel(requestedBy));
  }

  private boolean signal(String workflowId, Consumer<TranscriptionWorkflow> signal) {
    if (!isOpen(workflowId)) {
      return false;
    }
    try {
      signal.accept(client.newWorkflowStub(TranscriptionWorkflow.class, workflowId));
      return true;
    } catch (WorkflowNotFoundException e) {
      // Closed between the check and the signal.
      return false;
    }
  }

  /** Whether the session ever had a run this Temporal knows of, open or closed. */
  public boolean exists(String workflowId) {
    try {
      describe(workflowId);
      return true;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  public boolean isOpen(String workflowId) {
    try {
      return describe(workflowId).getWorkflowExecutionInfo().getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private DescribeWorkflowExecutionResponse describe(String workflowId) {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .withDeadlineAfter(CALL_DEADLINE_SECONDS, TimeUnit.SECONDS)
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build());
  }
}
