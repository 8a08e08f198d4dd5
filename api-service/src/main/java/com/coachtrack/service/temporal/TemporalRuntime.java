package com.coachtrack.service.temporal;

import com.coachtrack.activities.audio.AudioActivitiesImpl;
import com.coachtrack.activities.engine.EngineSelector;
import com.coachtrack.activities.sessions.CleanupActivitiesImpl;
import com.coachtrack.activities.sessions.SessionActivitiesImpl;
import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.activities.transcribe.HungEngines;
import com.coachtrack.activities.transcribe.TranscribeActivitiesImpl;
import com.coachtrack.store.Store;
import com.coachtrack.workflows.CleanupWorkflowImpl;
import com.coachtrack.workflows.TaskQueues;
import com.coachtrack.workflows.TranscriptionWorkflowImpl;
import io.dropwizard.lifecycle.Managed;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** The Temporal client, and the in-process worker when this process has the worker role. */
public final class TemporalRuntime implements Managed {
  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final WorkerFactory workers;

  private TemporalRuntime(
      WorkflowServiceStubs service, WorkflowClient client, WorkerFactory workers) {
    this.service = service;
    this.client = client;
    this.workers = workers;
  }

  public static TemporalRuntime connect(String address, String namespace) {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    return new TemporalRuntime(service, client, WorkerFactory.newInstance(client));
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs service() {
    return service;
  }

  /**
   * Registers the workflows and activities; polling starts with {@link #start()}.
   *
   * @param hungEngines where the chunk activity records engines it gave up for hanging, which the
   *     engine health check reads
   */
  public void registerWorker(
      Store store,
      BlobStore blobs,
      Clock clock,
      int engineSlots,
      int prepareSlots,
      HungEngines hungEngines) {
    Worker control = workers.newWorker(TaskQueues.TRANSCRIPTION);
    control.registerWorkflowImplementationTypes(
        TranscriptionWorkflowImpl.class, CleanupWorkflowImpl.class);
    control.registerActivitiesImplementations(
        new SessionActivitiesImpl(store, clock), new CleanupActivitiesImpl(store.jdbi(), blobs));

    // Heartbeats are sent at most every 2 s so a cancel reaches a running chunk within seconds.
    Worker engineWorker =
        workers.newWorker(
            TaskQueues.ENGINE,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(engineSlots)
                .setDefaultHeartbeatThrottleInterval(Duration.ofSeconds(2))
                .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(2))
                .build());
    engineWorker.registerActivitiesImplementations(
        new TranscribeActivitiesImpl(blobs, store.chunks(), EngineSelector::select, hungEngines));
    // Also on the engine queue for runs started before preparation had its own.
    engineWorker.registerActivitiesImplementations(new AudioActivitiesImpl(blobs));
    Worker prepareWorker =
        workers.newWorker(
            TaskQueues.PREPARE,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(prepareSlots)
                .setDefaultHeartbeatThrottleInterval(Duration.ofSeconds(2))
                .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(2))
                .build());
    prepareWorker.registerActivitiesImplementations(new AudioActivitiesImpl(blobs));
  }

  @Override
  public void start() {
    workers.start();
  }

  /** Workers first: the server would otherwise wait on their open long polls. */
  @Override
  public void stop() throws InterruptedException {
    workers.shutdown();
    workers.awaitTermination(10, TimeUnit.SECONDS);
    service.shutdown();
    service.awaitTermination(5, TimeUnit.SECONDS);
  }
}
