package com.coachtrack.service.temporal;

import com.coachtrack.activities.audio.AudioActivitiesImpl;
import com.coachtrack.activities.engine.EngineSelector;
import com.coachtrack.activities.engine.SpeechEngine;
import com.coachtrack.activities.sessions.CleanupActivitiesImpl;
import com.coachtrack.activities.sessions.SessionActivitiesImpl;
import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.activities.transcribe.ChunkPaces;
import com.coachtrack.activities.transcribe.HungEngines;
import com.coachtrack.activities.transcribe.TranscribeActivitiesImpl;
import com.coachtrack.service.engines.EngineCatalog;
import com.coachtrack.store.Store;
import com.coachtrack.workflows.CleanupWorkflowImpl;
import com.coachtrack.workflows.SessionNoticeWorkflowImpl;
import com.coachtrack.workflows.TaskQueues;
import com.coachtrack.workflows.TranscriptionWorkflowImpl;
import com.coachtrack.workflows.WebhookDeliveryWorkflowImpl;
import com.coachtrack.workflows.activities.NotificationActivities;
import com.coachtrack.workflows.activities.WebhookActivities;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Temporal client, and the in-process worker when this process has the worker role. */
public final class TemporalRuntime implements Managed {
  private static final Logger LOG = LoggerFactory.getLogger(TemporalRuntime.class);

  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final WorkerFactory workers;
  private final boolean testServer;
  private final AtomicInteger chunksRunning = new AtomicInteger();

  private TemporalRuntime(
      WorkflowServiceStubs service,
      WorkflowClient client,
      WorkerFactory workers,
      boolean testServer) {
    this.service = service;
    this.client = client;
    this.workers = workers;
    this.testServer = testServer;
  }

  public static TemporalRuntime connect(String address, String namespace) {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
    WorkflowClient client =
        WorkflowClient.newInstance(
            service, WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
    WorkerFactoryOptions.Builder workers = WorkerFactoryOptions.newBuilder();
    boolean testServer = isTestServer(service);
    if (testServer) {
      // Temporal's test server never moves a workflow task off the sticky queue of a worker that
      // died, so a run whose next chunks need a workflow task would wait forever for it. With no
      // sticky queue (see workflowWorkerOptions) every workflow task goes to the shared queue and
      // replays the run's history, so nothing is worth caching.
      LOG.info("Temporal at {} is the test server: workflow tasks are not sticky", address);
      workers.setWorkflowCacheSize(0);
    }
    return new TemporalRuntime(
        service, client, WorkerFactory.newInstance(client, workers.build()), testServer);
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
   * Registers the workflows and activities; polling starts with {@link #start()}. The chunks of
   * each engine have their own queue ({@code transcribe-<engine>}), polled only by workers that run
   * it; decoding, planning and bookkeeping stay on the common queues every worker polls.
   *
   * @param hungEngines where the chunk activity records engines it gave up for hanging, which the
   *     engine health check reads
   * @param engines the engines this worker runs; each is made (and so checked: a whisper model, a
   *     speech server's address) here, so a worker that cannot run one does not start
   * @param maxAudio the longest audio ever decoded ({@code MAX_AUDIO_HOURS})
   * @param notifications e-mail and webhook queueing when a session ends
   * @param webhooks the attempts of webhook deliveries
   * @return the engines by the name their sessions carry
   */
  public Map<String, SpeechEngine> registerWorker(
      Store store,
      BlobStore blobs,
      Clock clock,
      int engineSlots,
      int prepareSlots,
      HungEngines hungEngines,
      EngineSelector selector,
      EngineCatalog engines,
      Duration maxAudio,
      NotificationActivities notifications,
      WebhookActivities webhooks) {
    Map<String, SpeechEngine> running = new LinkedHashMap<>();
    for (String name : engines.names()) {
      running.put(name, selector.engine(name));
    }
    // Notifications and webhook attempts are short network calls with their own timeouts: they
    // share the workflow queue's many slots with the bookkeeping, never waiting behind engines.
    Worker control = workers.newWorker(TaskQueues.TRANSCRIPTION, workflowWorkerOptions());
    control.registerWorkflowImplementationTypes(
        TranscriptionWorkflowImpl.class,
        CleanupWorkflowImpl.class,
        WebhookDeliveryWorkflowImpl.class,
        SessionNoticeWorkflowImpl.class);
    control.registerActivitiesImplementations(
        new SessionActivitiesImpl(store, clock, blobs),
        new CleanupActivitiesImpl(store.jdbi(), blobs),
        notifications,
        webhooks);

    ChunkPaces paces = new ChunkPaces(store.chunks());
    List<String> queues = new ArrayList<>();
    running.keySet().forEach(name -> queues.add(TaskQueues.transcribeOn(name)));
    if (engines.autoConfigured()) {
      // Sessions an API-only process recorded as "auto": whatever engine this machine has.
      queues.add(TaskQueues.transcribeOn(EngineSelector.AUTO));
    }
    for (String queue : queues) {
      workers
          .newWorker(queue, engineOptions(engineSlots))
          .registerActivitiesImplementations(
              new EngineSlotsInUse(
                  new TranscribeActivitiesImpl(
                      blobs, store.chunks(), selector::engine, hungEngines, paces),
                  chunksRunning));
    }
    // Runs started before each engine had its own queue still schedule their chunks (and, before
    // preparation had its own, their decoding) on the shared one.
    Worker legacy = workers.newWorker(TaskQueues.ENGINE, engineOptions(engineSlots));
    legacy.registerActivitiesImplementations(
        new EngineSlotsInUse(
            new TranscribeActivitiesImpl(
                blobs, store.chunks(), selector::engine, hungEngines, paces),
            chunksRunning));
    legacy.registerActivitiesImplementations(new AudioActivitiesImpl(blobs, maxAudio));
    Worker prepareWorker =
        workers.newWorker(
            TaskQueues.PREPARE,
            WorkerOptions.newBuilder()
                .setMaxConcurrentActivityExecutionSize(prepareSlots)
                .setDefaultHeartbeatThrottleInterval(Duration.ofSeconds(2))
                .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(2))
                .build());
    prepareWorker.registerActivitiesImplementations(new AudioActivitiesImpl(blobs, maxAudio));
    return running;
  }

  /** Heartbeats are sent at most every 2 s so a cancel reaches a running chunk within seconds. */
  private static WorkerOptions engineOptions(int engineSlots) {
    return WorkerOptions.newBuilder()
        .setMaxConcurrentActivityExecutionSize(engineSlots)
        .setDefaultHeartbeatThrottleInterval(Duration.ofSeconds(2))
        .setMaxHeartbeatThrottleInterval(Duration.ofSeconds(2))
        .build();
  }

  /** Chunks this process is transcribing now, on any engine's queue: for the metrics. */
  public int chunksRunning() {
    return chunksRunning.get();
  }

  /**
   * A zero sticky schedule-to-start timeout makes the SDK leave out the sticky attributes when it
   * completes a workflow task (a cache size of 0 alone does not), so the test server schedules the
   * next task on the shared queue, where any live worker takes it.
   */
  private WorkerOptions workflowWorkerOptions() {
    WorkerOptions.Builder options = WorkerOptions.newBuilder();
    if (testServer) {
      options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
    return options.build();
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
