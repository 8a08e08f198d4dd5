package com.coachtrack.service;

import com.coachtrack.activities.audio.AudioProbe;
import com.coachtrack.activities.audio.Ffmpeg;
import com.coachtrack.activities.engine.EngineSelector;
import com.coachtrack.activities.engine.SpeechEngine;
import com.coachtrack.activities.notify.Mailer;
import com.coachtrack.activities.notify.NotificationActivitiesImpl;
import com.coachtrack.activities.notify.SmtpServer;
import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.activities.storage.LocalBlobStore;
import com.coachtrack.activities.storage.S3BlobStore;
import com.coachtrack.activities.transcribe.HungEngines;
import com.coachtrack.activities.webhooks.WebhookActivitiesImpl;
import com.coachtrack.activities.webhooks.WebhookPoster;
import com.coachtrack.activities.webhooks.WebhookQueue;
import com.coachtrack.activities.webhooks.WebhookTargets;
import com.coachtrack.service.access.LoginThrottle;
import com.coachtrack.service.access.RateLimitFilter;
import com.coachtrack.service.access.RateLimits;
import com.coachtrack.service.analytics.QueueSampler;
import com.coachtrack.service.auth.AccessTokens;
import com.coachtrack.service.auth.Accounts;
import com.coachtrack.service.auth.Authentication;
import com.coachtrack.service.auth.BrowserSessions;
import com.coachtrack.service.auth.Coach;
import com.coachtrack.service.auth.CoachAuthFilter;
import com.coachtrack.service.auth.CoachAuthenticator;
import com.coachtrack.service.auth.CredentialReader;
import com.coachtrack.service.auth.OidcLogin;
import com.coachtrack.service.auth.OidcProvider;
import com.coachtrack.service.auth.Passwords;
import com.coachtrack.service.auth.SecurityHeadersFilter;
import com.coachtrack.service.auth.SessionCookies;
import com.coachtrack.service.auth.TrustedProxies;
import com.coachtrack.service.cli.CoachCommand;
import com.coachtrack.service.cli.TranscribeCommand;
import com.coachtrack.service.config.AnalyticsSettings;
import com.coachtrack.service.config.AuthSettings;
import com.coachtrack.service.config.EventsSettings;
import com.coachtrack.service.config.NotificationSettings;
import com.coachtrack.service.config.StorageSettings;
import com.coachtrack.service.config.UploadSettings;
import com.coachtrack.service.config.WorkerSettings;
import com.coachtrack.service.database.DatabaseMigrator;
import com.coachtrack.service.database.EmbeddedDatabase;
import com.coachtrack.service.disk.DiskGuard;
import com.coachtrack.service.disk.FileSweeper;
import com.coachtrack.service.disk.FreeSpace;
import com.coachtrack.service.engines.EngineCatalog;
import com.coachtrack.service.engines.EnginePresence;
import com.coachtrack.service.engines.EngineViews;
import com.coachtrack.service.errors.ApiExceptionMapper;
import com.coachtrack.service.errors.DatabaseOutage;
import com.coachtrack.service.errors.JsonBodyExceptionMapper;
import com.coachtrack.service.errors.JsonErrorHandler;
import com.coachtrack.service.errors.UnexpectedExceptionMapper;
import com.coachtrack.service.errors.WebApplicationExceptionMapper;
import com.coachtrack.service.events.EventHub;
import com.coachtrack.service.events.EventStreams;
import com.coachtrack.service.health.DiskSpaceHealthCheck;
import com.coachtrack.service.health.EngineHealthCheck;
import com.coachtrack.service.health.TemporalHealthCheck;
import com.coachtrack.service.metrics.DiskMetrics;
import com.coachtrack.service.metrics.PrometheusServlet;
import com.coachtrack.service.metrics.SessionMetrics;
import com.coachtrack.service.quotas.Quotas;
import com.coachtrack.service.resources.AnalyticsResource;
import com.coachtrack.service.resources.AuthResource;
import com.coachtrack.service.resources.EnginesResource;
import com.coachtrack.service.resources.EventsResource;
import com.coachtrack.service.resources.NotificationsResource;
import com.coachtrack.service.resources.PagesResource;
import com.coachtrack.service.resources.SessionsResource;
import com.coachtrack.service.resources.TokensResource;
import com.coachtrack.service.resources.WebhooksResource;
import com.coachtrack.service.sessions.Reconciler;
import com.coachtrack.service.sessions.SessionCommands;
import com.coachtrack.service.sessions.UploadService;
import com.coachtrack.service.status.SpeedPriors;
import com.coachtrack.service.status.StatusAnswers;
import com.coachtrack.service.status.StatusCache;
import com.coachtrack.service.status.StatusPoll;
import com.coachtrack.service.status.StatusPollFilter;
import com.coachtrack.service.status.StatusViews;
import com.coachtrack.service.temporal.EmbeddedTemporalServer;
import com.coachtrack.service.temporal.RunSearchAttributes;
import com.coachtrack.service.temporal.TemporalRuntime;
import com.coachtrack.service.temporal.WorkflowGateway;
import com.coachtrack.service.uploads.RefusedBodyDrain;
import com.coachtrack.service.uploads.UploadAdmission;
import com.coachtrack.service.uploads.UploadGuard;
import com.coachtrack.service.uploads.UploadLimits;
import com.coachtrack.store.SessionChangeListener;
import com.coachtrack.store.StatusReader;
import com.coachtrack.store.Store;
import com.coachtrack.workflows.CleanupScheduler;
import com.coachtrack.workflows.progress.ProgressEstimator;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.github.benmanes.caffeine.cache.Ticker;
import io.dropwizard.assets.AssetsBundle;
import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.jdbi3.JdbiFactory;
import io.dropwizard.lifecycle.Managed;
import io.dropwizard.migrations.MigrationsBundle;
import io.swagger.v3.jaxrs2.integration.resources.OpenApiResource;
import io.swagger.v3.oas.integration.SwaggerConfiguration;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import jakarta.servlet.DispatcherType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.media.sse.SseFeature;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.DefinedAttributeTemplateEngine;

/**
 * Wires the API, the in-process worker and, when nothing external is configured, embedded
 * PostgreSQL and Temporal. Every shared piece (the store's writers, the estimator, the Temporal
 * client) is built here once and handed to whoever needs it.
 */
public class TranscriptionApplication extends Application<TranscriptionConfiguration> {
  /** The database URL that asks for PostgreSQL embedded under the data directory. */
  static final String EMBEDDED = "embedded";

  public static void main(String[] args) throws Exception {
    new TranscriptionApplication().run(args);
  }

  @Override
  public String getName() {
    return "coachtrack";
  }

  @Override
  public void initialize(Bootstrap<TranscriptionConfiguration> bootstrap) {
    bootstrap.setConfigurationSourceProvider(
        new SubstitutingSourceProvider(
            bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(true)));
    bootstrap.addCommand(new TranscribeCommand(TranscriptionApplication::new));
    bootstrap.addCommand(new CoachCommand());
    bootstrap.addBundle(new AssetsBundle("/assets", "/assets", null, "assets"));
    bootstrap.addBundle(
        new MigrationsBundle<>() {
          @Override
          public DataSourceFactory getDataSourceFactory(TranscriptionConfiguration configuration) {
            return configuration.getDatabase();
          }

          @Override
          public String getMigrationsFileName() {
            return DatabaseMigrator.CHANGELOG;
          }
        });
    // The JVM's gauges (heap, threads, GC), which operators' dashboards read. Dropwizard registers
    // them only when started from main(), not under its test support or an embedding command;
    // registering them here (it is idempotent) makes every way of starting report the same.
    bootstrap.registerMetrics();
  }

  @Override
  public void run(TranscriptionConfiguration config, Environment environment) throws Exception {
    environment.getObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    Clock clock = Clock.systemUTC();
    Path dataDir = Paths.get(config.getDataDir()).toAbsolutePath().normalize();
    Files.createDirectories(dataDir);
    WorkerSettings worker = config.getWorker();
    // Engines first: a worker that cannot run one of its engines (no WHISPER_MODEL, no ASR_URL,
    // pocketsphinx not installed) stops here with a message naming the setting, before anything
    // else starts.
    EngineCatalog engines =
        EngineCatalog.of(config.getEngine(), config.getSpeech().engineNames(), config.runsWorker());
    EngineSelector selector =
        new EngineSelector(config.getSpeech().engineSettings(worker.getEngineSlots()));
    if (config.runsWorker()) {
      engines.names().forEach(selector::engine);
    }

    Jdbi jdbi = database(config, environment, dataDir);
    Duration stallAfter = config.getStatus().getStallAfter().toJavaDuration();
    ProgressEstimator estimator = new ProgressEstimator(clock, stallAfter);
    Store store = new Store(jdbi, clock, estimator, config.getWorker().fleetSlots());
    BlobStore blobs = storage(config.getStorage(), dataDir, environment);

    TemporalRuntime temporal = temporal(config, environment);
    int slots = worker.fleetSlots();
    HungEngines hungEngines = new HungEngines(clock);
    Map<String, SpeechEngine> running = Map.of();
    NotificationSettings notifications = config.getNotifications();
    // Both refuse a bad setting here, at start-up, rather than at the first session's end.
    WebhookTargets webhookTargets =
        WebhookTargets.allowing(notifications.getWebhooks().getAllowPrivate());
    Optional<Mailer> mailer =
        SmtpServer.parse(notifications.getSmtpUrl())
            .map(server -> new Mailer(server, notifications.getMailFrom()));
    WebhookQueue webhookQueue =
        new WebhookQueue(jdbi, temporal.client(), notifications.getWebhooks().policy(), clock);
    if (config.runsWorker()) {
      WebhookPoster poster =
          new WebhookPoster(
              webhookTargets, notifications.getWebhooks().getTimeout().toJavaDuration(), clock);
      environment.lifecycle().manage(onStop(() -> close(poster)));
      running =
          temporal.registerWorker(
              store,
              blobs,
              clock,
              worker.getEngineSlots(),
              worker.getPrepareSlots(),
              hungEngines,
              selector,
              engines,
              config.maxAudioLength(),
              new NotificationActivitiesImpl(
                  jdbi, mailer, webhookQueue, config.getAuth().getPublicUrl()),
              new WebhookActivitiesImpl(jdbi, poster, clock));
      environment.lifecycle().manage(new EnginePresence(jdbi, clock, running, hungEngines));
      int engineSlots = worker.getEngineSlots();
      environment.metrics().register("engine.slots", (Gauge<Integer>) () -> engineSlots);
      environment
          .metrics()
          .register("engine.slots-in-use", (Gauge<Integer>) temporal::chunksRunning);
    }
    environment.lifecycle().manage(temporal);
    RunSearchAttributes searchAttributes = new RunSearchAttributes();
    WorkflowGateway workflows = new WorkflowGateway(temporal.client(), searchAttributes, slots);
    SessionCommands commands =
        new SessionCommands(jdbi, workflows, store.statusWriter(), blobs, engines, clock);
    int retentionDays = config.getStatus().getRetentionDays();
    String namespace = config.getTemporal().getNamespace();
    environment
        .lifecycle()
        .manage(onStart(() -> searchAttributes.register(temporal.service(), namespace)));
    environment
        .lifecycle()
        .manage(
            new Reconciler(
                () -> {
                  commands.reconcile();
                  CleanupScheduler.ensureStarted(
                      temporal.client(), retentionDays, Duration.ofDays(1));
                  // Deliveries whose run was lost (the embedded Temporal keeps nothing across a
                  // restart) start again from the attempts recorded.
                  webhookQueue.restartOverdue();
                },
                config.getStatus().getReconcileEvery().toJavaDuration()));

    environment.jersey().register(new ApiExceptionMapper());
    environment.jersey().register(new WebApplicationExceptionMapper());
    DatabaseOutage outage = databaseOutage(config.getDatabase());
    environment.jersey().register(new UnexpectedExceptionMapper(outage));
    environment.jersey().register(new JsonBodyExceptionMapper());
    environment
        .lifecycle()
        .addServerLifecycleListener(server -> server.setErrorHandler(new JsonErrorHandler()));
    DiskGuard disk =
        new DiskGuard(
            FreeSpace.under(dataDir),
            dataDir,
            config.getMinFreeMb() * 1024L * 1024L,
            environment.metrics().meter("uploads.refused.insufficient-storage"));
    environment
        .lifecycle()
        .manage(
            new FileSweeper(
                incomingDir(blobs, dataDir), blobs instanceof S3BlobStore s3 ? s3 : null, clock));
    if (config.servesApi()) {
      AuthWiring auth = auth(config, jdbi, clock, environment);
      UploadService uploads =
          new UploadService(
              store.statusWriter(),
              blobs,
              incomingDir(blobs, dataDir),
              config.getMaxUploadMb() * 1024L * 1024L,
              engines,
              workflows,
              new AudioProbe(Ffmpeg.locate()),
              clock,
              disk,
              Quotas.of(
                  jdbi,
                  config.getQuotas(),
                  clock,
                  environment.metrics().meter("uploads.refused.quota-exceeded")),
              uploadGuard(config, environment));
      registerApi(
          config, environment, store, estimator, uploads, commands, engines, auth, outage, clock);
      sampleQueue(config.getAnalytics(), environment, jdbi, clock);
      environment
          .jersey()
          .register(new NotificationsResource(jdbi, notifications.mailEnabled(), clock));
      environment.jersey().register(new WebhooksResource(jdbi, webhookTargets, clock));
    }
    environment.metrics().registerAll(new SessionMetrics(jdbi, clock, stallAfter));
    environment.metrics().registerAll(new DiskMetrics(disk));
    environment.healthChecks().register("disk", new DiskSpaceHealthCheck(disk));
    environment
        .admin()
        .addServlet("prometheus", new PrometheusServlet(environment.metrics()))
        .addMapping("/prometheus");

    environment.healthChecks().register("temporal", new TemporalHealthCheck(temporal.service()));
    if (config.runsWorker()) {
      environment.healthChecks().register("engine", new EngineHealthCheck(running, hungEngines));
    }
  }

  /**
   * Queue depth for the operators' analytics, sampled by every process that serves the API (the
   * samples are keyed by time, so several processes write one row per interval).
   */
  private static void sampleQueue(
      AnalyticsSettings settings, Environment environment, Jdbi jdbi, Clock clock) {
    Duration every = settings.getQueueSampleEvery().toJavaDuration();
    QueueSampler sampler =
        new QueueSampler(
            jdbi,
            clock,
            every,
            settings.getQueueSampleRetention().toJavaDuration(),
            settings.getOutcomeRetention().toJavaDuration());
    environment
        .lifecycle()
        .scheduledExecutorService("queue-sampler")
        .threads(1)
        .build()
        .scheduleAtFixedRate(sampler, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The embedded PostgreSQL when asked for, the schema migrated, and Jdbi over the pool. */
  private static Jdbi database(
      TranscriptionConfiguration config, Environment environment, Path dataDir) throws Exception {
    DataSourceFactory database = config.getDatabase();
    if (EMBEDDED.equals(database.getUrl())) {
      EmbeddedDatabase embedded = EmbeddedDatabase.start(dataDir.resolve("postgres"));
      environment.lifecycle().manage(embedded);
      database.setUrl(embedded.jdbcUrl());
      database.setUser("postgres");
      database.setPassword("");
    }
    if (config.isMigrateOnStart()) {
      try (Connection connection =
          DriverManager.getConnection(
              database.getUrl(), database.getUser(), database.getPassword())) {
        DatabaseMigrator.migrate(connection);
      }
    }
    Jdbi jdbi = new JdbiFactory().build(environment, database, "postgresql");
    // Dropwizard's name-prepending engine cannot be cached, so every statement was re-lexed with
    // ANTLR: the largest single cost of a status read under load (bench/status-load). Jdbi's own
    // engine parses once.
    jdbi.setTemplateEngine(new DefinedAttributeTemplateEngine());
    return jdbi;
  }

  /**
   * Sign-in for every API route: Dropwizard's auth filter on {@code @Auth} methods (the status fast
   * path asks the same {@link Authentication}), roles for {@code @RolesAllowed}, per-coach rate
   * limits, and the security headers on every answer.
   */
  private static AuthWiring auth(
      TranscriptionConfiguration config, Jdbi jdbi, Clock clock, Environment environment) {
    AuthSettings settings = config.getAuth();
    TrustedProxies proxies = new TrustedProxies(settings.trustedProxies());
    if ("header".equals(settings.getMode()) && settings.getProxySecret().isBlank()) {
      throw new IllegalStateException(
          "AUTH_MODE=header needs PROXY_SECRET (what the authenticating proxy sends as"
              + " X-Proxy-Secret) and TRUSTED_PROXY_CIDRS (the proxy's addresses)");
    }
    if ("oidc".equals(settings.getMode()) && settings.getOidc().getIssuer().isBlank()) {
      throw new IllegalStateException(
          "AUTH_MODE=oidc needs OIDC_ISSUER (and OIDC_AUDIENCE, OIDC_CLIENT_ID)");
    }
    Ticker ticker = Ticker.systemTicker();
    AccessTokens tokens = new AccessTokens(jdbi, clock);
    BrowserSessions sessions =
        new BrowserSessions(
            jdbi,
            clock,
            settings.getSessionIdleTimeout().toJavaDuration(),
            settings.getSessionMaxAge().toJavaDuration());
    OidcProvider oidc = new OidcProvider(settings.getOidc());
    CoachAuthenticator authenticator =
        new CoachAuthenticator(settings, tokens, sessions, oidc, ticker);
    Authentication authentication =
        new Authentication(new CredentialReader(proxies), authenticator);
    RateLimits limits = new RateLimits(config.getStatus().getRequestsPerSecondPerCoach(), ticker);
    SessionCookies cookies = new SessionCookies(proxies);
    Accounts accounts =
        new Accounts(jdbi, clock, new Passwords(), new LoginThrottle(ticker), settings);
    AuthResource resource =
        new AuthResource(
            settings,
            accounts,
            sessions,
            cookies,
            authenticator,
            proxies,
            new OidcLogin(settings, oidc, sessions, cookies, proxies));
    environment.jersey().register(new AuthDynamicFeature(CoachAuthFilter.of(authentication)));
    environment.jersey().register(new AuthValueFactoryProvider.Binder<>(Coach.class));
    environment.jersey().register(RolesAllowedDynamicFeature.class);
    environment.jersey().register(new RateLimitFilter(limits, proxies));
    environment
        .servlets()
        .addFilter("security-headers", new SecurityHeadersFilter(proxies))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    environment
        .servlets()
        .addFilter("refused-body-drain", new RefusedBodyDrain())
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/*");
    return new AuthWiring(authentication, authenticator, tokens, limits, resource);
  }

  /** The upload limits, and the {@code uploads.in-progress} gauge. */
  private static UploadGuard uploadGuard(
      TranscriptionConfiguration config, Environment environment) {
    UploadSettings settings = config.getUploads();
    UploadAdmission admission =
        new UploadAdmission(settings.getMaxInProgress(), settings.getMaxInProgressPerCoach());
    environment.metrics().register("uploads.in-progress", (Gauge<Integer>) admission::inProgress);
    UploadLimits limits =
        new UploadLimits(
            config.getMaxUploadMb() * 1024L * 1024L,
            settings.getMaxParts(),
            settings.getMinBytesPerSecond(),
            settings.getRateWindow().toJavaDuration(),
            config.maxAudioLength());
    return new UploadGuard(limits, admission, System::nanoTime);
  }

  /** Tells outages once; probes with connections of its own, outside the pools. */
  private static DatabaseOutage databaseOutage(DataSourceFactory database) {
    return new DatabaseOutage(() -> directConnection(database, null, 2));
  }

  /** The configured Temporal, or its test server started in this process. */
  private static TemporalRuntime temporal(
      TranscriptionConfiguration config, Environment environment) throws IOException {
    if (config.getTemporal().isEmbedded()) {
      EmbeddedTemporalServer server =
          EmbeddedTemporalServer.start(config.getTemporal().getEmbeddedPort());
      environment.lifecycle().manage(server);
      // Recorded so the admin and tests can see where the embedded server listens.
      config.getTemporal().setAddress(server.address());
    }
    return TemporalRuntime.connect(
        config.getTemporal().getAddress(), config.getTemporal().getNamespace());
  }

  private static void registerApi(
      TranscriptionConfiguration config,
      Environment environment,
      Store store,
      ProgressEstimator estimator,
      UploadService uploads,
      SessionCommands commands,
      EngineCatalog engines,
      AuthWiring auth,
      DatabaseOutage outage,
      Clock clock) {
    int fleetSlots = config.getWorker().fleetSlots();
    SpeedPriors priors = new SpeedPriors(store.jdbi(), clock);
    StatusViews views = new StatusViews(estimator, priors, fleetSlots);
    // The polls' own pool: a bulkhead between however many browsers poll and the workers' writes.
    ManagedDataSource statusReads =
        config.getDatabase().build(environment.metrics(), "status-reads");
    environment.lifecycle().manage(statusReads);
    StatusAnswers answers =
        new StatusAnswers(
            new StatusReader(statusReads),
            views,
            new StatusCache(StatusCache.LIVE_FOR, StatusCache.FINAL_FOR, Ticker.systemTicker()),
            environment.getObjectMapper());
    StatusPoll poll =
        new StatusPoll(
            answers,
            auth.limits(),
            environment.metrics().timer(MetricRegistry.name(SessionsResource.class, "status")));
    if (config.getStatus().isFastPath()) {
      environment
          .servlets()
          .addFilter(
              "status-polls",
              new StatusPollFilter(
                  auth.authentication(), poll, outage, environment.getObjectMapper()))
          .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/api/v1/sessions/*");
    }
    EventStreams events = events(config, environment, store, answers, clock);
    environment
        .jersey()
        .register(
            new SessionsResource(
                store.jdbi(), uploads, commands, answers, poll, store.transcripts(), events));
    environment.jersey().register(new EventsResource(events));
    environment.jersey().register(auth.resource());
    environment.jersey().register(new TokensResource(auth.tokens(), auth.authenticator()));
    environment.jersey().register(new AnalyticsResource(store.jdbi(), clock));
    environment
        .jersey()
        .register(
            new EnginesResource(new EngineViews(engines, priors, store.jdbi(), clock, fleetSlots)));
    environment.jersey().register(new PagesResource());
    environment.jersey().register(openApi());
  }

  /**
   * Server-Sent Events: the hub that feeds this process's streams, and the LISTEN connection that
   * hears every session change in the database, whichever process wrote it (docs/architecture.md).
   */
  private static EventStreams events(
      TranscriptionConfiguration config,
      Environment environment,
      Store store,
      StatusAnswers answers,
      Clock clock) {
    EventsSettings settings = config.getEvents();
    environment.jersey().register(SseFeature.class);
    EventHub hub =
        new EventHub(
            answers,
            store.jdbi(),
            clock,
            settings.getKeepAlive().toJavaDuration(),
            environment.metrics());
    SessionChangeListener listener =
        new SessionChangeListener(
            () -> directConnection(config.getDatabase(), "coachtrack-events", null),
            hub,
            Duration.ofMillis(500),
            Duration.ofSeconds(30));
    hub.listeningFrom(listener::listening);
    // Started in this order, stopped in the reverse: the listener goes first.
    environment.lifecycle().manage(hub);
    environment
        .lifecycle()
        .manage(
            new Managed() {
              @Override
              public void start() {
                listener.start();
              }

              @Override
              public void stop() {
                listener.close();
              }
            });
    return new EventStreams(
        hub, answers, settings.getMaxStreamsPerCoach(), settings.getMaxStreams());
  }

  /**
   * A connection outside the pools, with the pool's connection properties.
   *
   * @param applicationName shown in pg_stat_activity, or null for the configured one
   * @param timeoutSeconds connect and socket timeout instead of the configured ones, or null
   */
  private static Connection directConnection(
      DataSourceFactory database, String applicationName, Integer timeoutSeconds)
      throws SQLException {
    Properties properties = new Properties();
    properties.putAll(database.getProperties());
    properties.setProperty("user", Objects.toString(database.getUser(), ""));
    properties.setProperty("password", Objects.toString(database.getPassword(), ""));
    if (applicationName != null) {
      properties.setProperty("ApplicationName", applicationName);
    }
    if (timeoutSeconds != null) {
      properties.setProperty("connectTimeout", timeoutSeconds.toString());
      properties.setProperty("socketTimeout", timeoutSeconds.toString());
    }
    return DriverManager.getConnection(database.getUrl(), properties);
  }

  /** The OpenAPI document at /openapi.json, generated from the resources. */
  private static Object openApi() {
    return new OpenApiResource()
        .openApiConfiguration(
            new SwaggerConfiguration()
                .openAPI(
                    new OpenAPI()
                        .info(
                            new Info()
                                .title("CoachTrack transcription tracker")
                                .version("1")
                                .description(
                                    "Uploads, honest status, transcripts, retry and cancel.")))
                .resourceClasses(
                    Set.of(
                        SessionsResource.class.getName(),
                        EventsResource.class.getName(),
                        EnginesResource.class.getName(),
                        AuthResource.class.getName(),
                        TokensResource.class.getName(),
                        AnalyticsResource.class.getName(),
                        NotificationsResource.class.getName(),
                        WebhooksResource.class.getName()))
                .prettyPrint(true));
  }

  /**
   * Local files by default; an S3-compatible bucket (MinIO, S3) when workers run on several
   * machines.
   */
  private static BlobStore storage(StorageSettings settings, Path dataDir, Environment environment)
      throws IOException {
    if (!settings.isS3()) {
      return new LocalBlobStore(dataDir);
    }
    S3BlobStore s3 =
        S3BlobStore.connect(
            settings.getEndpoint(),
            settings.getRegion(),
            settings.getBucket(),
            settings.getAccessKey(),
            settings.getSecretKey(),
            dataDir.resolve("s3-cache"));
    environment.lifecycle().manage(onStop(s3::close));
    return s3;
  }

  /** Uploads are streamed next to where the store keeps files, so handing one over is a rename. */
  private static Path incomingDir(BlobStore blobs, Path dataDir) {
    return (blobs instanceof S3BlobStore s3 ? s3.cacheDir() : dataDir).resolve("incoming");
  }

  /**
   * Runs once Temporal and the worker are up: interrupted sessions get a new run at once, and the
   * periodic cleanup is running (idempotent in every process).
   */
  private static Managed onStart(Runnable action) {
    return new Managed() {
      @Override
      public void start() {
        action.run();
      }
    };
  }

  private static void close(java.io.Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Managed onStop(Runnable action) {
    return new Managed() {
      @Override
      public void stop() {
        action.run();
      }
    };
  }
}
