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
import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Temporal client, and the in-process worker when this process has the worker role. */
public final class TemporalRuntime implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(TemporalRuntime.class);

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
    WorkerFactoryOptions.Builder workers = WorkerFactoryOptions.newBuilder();
    if (isTestServer(service)) {
      // Temporal's test server never moves a workflow task off the sticky queue of a worker that
      // died, so a run whose next chunks need a workflow task would wait forever for it. Without
      // a cache every workflow task goes to the shared queue and replays the run's history.
      LOG.info("Temporal at {} is the test server: workflow tasks are not sticky", address);
      workers.setWorkflowCacheSize(0);
    }
    return new TemporalRuntime(service, client, WorkerFactory.newInstance(client, workers.build()));
  }

  /**
   * The test server (the embedded default) reports no server version; a real cluster does. When
   * Temporal cannot be reached yet, it is taken for a real cluster, the production case.
   */
  static boolean isTestServer(WorkflowServiceStubs service) {
    try {
      return service
          .blockingStub()
          .withDeadlineAfter(5, TimeUnit.SECONDS)
          .getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
          .getServerVersion()
          .isEmpty();
    } catch (StatusRuntimeException e) {
      LOG.warn("Could not ask Temporal what it is ({}); assuming a cluster", e.getStatus());
      return false;
    }
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
   * @param maxAudio the longest audio ever decoded ({@code MAX_AUDIO_HOURS})
   */
  public void registerWorker(
      Store store,
      BlobStore blobs,
      Clock clock,
      int engineSlots,
      int prepareSlots,
      HungEngines hungEngines,
      Duration maxAudio) {
    Worker control = workers.newWorker(TaskQueues.TRANSCRIPTION);
    control.registerWorkflowImplementationTypes(
        TranscriptionWorkflowImpl.class, CleanupWorkflowImpl.class);
    control.registerActivitiesImplementations(
        new SessionActivitiesImpl(store, clock, blobs),
        new CleanupActivitiesImpl(store.jdbi(), blobs));

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
    engineWorker.registerActivitiesImplementations(new AudioActivitiesImpl(blobs, maxAudio));
    Worker prepareWorker =
        workers.newWorker(
            TaskQueues.PREPARE,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(prepareSlots)
                .setDefaultHeartbeatThrottleInterval(Duration.ofSeconds(2))
                .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(2))
                .build());
    prepareWorker.registerActivitiesImplementations(new AudioActivitiesImpl(blobs, maxAudio));
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
