package com.coachtrack.bench;

import com.coachtrack.activities.text.WordErrorRate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The driver of {@code bench/chaos}: a soak of the production shape (one {@code ROLE=api} process,
 * two {@code ROLE=worker} processes, a standalone PostgreSQL reached through {@link ChaosProxy} and
 * a standalone Temporal test server, all started by the script or by this class) under a seeded
 * schedule of faults, checking what a coach must be able to rely on while it runs and at the end.
 *
 * <p>Phases: (1) start the app processes and wait for their health checks; (2) baseline: upload
 * each distinct recording once with no fault and keep its transcript and chunk plan; (3) chaos:
 * uploads at seeded times, faults at a seeded rate (SIGKILL and restart of a worker or of the API,
 * the database proxy cut for 10-30 s, a running engine process SIGSTOPped until the worker kills it
 * or for {@code BENCH_STALL_MAX} s), every session's status polled every second; (4) settle: no
 * more faults, wait until every session completed; (5) final checks: final states and histories,
 * transcripts against the baseline, orphaned files, left-over engine processes. Prints the report
 * on stdout (progress on stderr); exits 1 on any violation, 2 when the bench itself could not run.
 *
 * <p>Configuration is read from the environment (see {@code bench/chaos} and bench/README.md).
 */
public final class ChaosDriver {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final double REPORT_INTERVAL_S = 2.0;

  /** ChunkProgress.STUCK_AFTER: a worker gives up an engine that read nothing for this long. */
  private static final int STUCK_AFTER_S = 180;

  /** TranscribeActivitiesImpl's line for a chunk an earlier attempt left part-way. */
  private static final Pattern TRANSCRIBED_AGAIN =
      Pattern.compile("Session ([0-9a-f-]{36}) chunk (\\d+): transcribing again from its start");

  /** The first line of an application log event (not a request-log line, not a stack trace). */
  private static final Pattern LOG_EVENT = Pattern.compile("^(INFO|WARN|ERROR) +\\[");

  private static final Pattern PCM_PATH = Pattern.compile("/sessions/([0-9a-f-]{36})/audio\\.pcm$");
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final String[] SHORT_FILES = {
    "coaching.wav", "coaching.mp3", "coaching.m4a", "librivox.wav"
  };
  private static final String LONG_FILE = "long-10min.mp3";

  // ---- configuration -----------------------------------------------------------------------
  private final Path work = Path.of(env("BENCH_WORK", null));
  private final Path jar = Path.of(env("BENCH_JAR", work.resolve("api-service.jar").toString()));
  private final Path appConfig = Path.of(env("BENCH_CONFIG", work.resolve("local.yml").toString()));
  private final Path audioDir = Path.of(env("BENCH_AUDIO_DIR", null));
  private final Path dataDir = work.resolve("data");
  private final Path logDir = work.resolve("logs");
  private final Path pidDir = work.resolve("pids");
  private final long seed = Long.parseLong(env("BENCH_SEED", "1"));
  private final int durationS = Integer.parseInt(env("BENCH_DURATION", "900"));
  private final int uploads =
      Integer.parseInt(
          env(
              "BENCH_UPLOADS",
              Integer.toString(Math.max(6, (int) Math.ceil(24.0 * durationS / 900)))));
  private final double faultRate = Double.parseDouble(env("BENCH_FAULT_RATE", "3"));
  private final int settleS = Integer.parseInt(env("BENCH_SETTLE", "900"));
  private final int settleIdleS = Integer.parseInt(env("BENCH_SETTLE_IDLE", "300"));
  private final boolean rescue = !"0".equals(env("BENCH_RESCUE", "1"));
  private final int baselineTimeoutS = Integer.parseInt(env("BENCH_BASELINE_TIMEOUT", "1200"));
  private final int slots = Integer.parseInt(env("BENCH_ENGINE_SLOTS", "1"));
  private final String engine = env("BENCH_ENGINE", "pocketsphinx");
  private final int stallMaxS = Integer.parseInt(env("BENCH_STALL_MAX", "240"));
  private final int graceS = Integer.parseInt(env("BENCH_OUTAGE_GRACE", "20"));
  private final double werMax = Double.parseDouble(env("BENCH_WER_MAX", "0.02"));
  private final double progressTolerance =
      Double.parseDouble(env("BENCH_PROGRESS_TOLERANCE", "0.05"));
  private final int apiPort = Integer.parseInt(env("BENCH_PORT", "18480"));
  private final int pgPort = Integer.parseInt(env("BENCH_PG_PORT", "18491"));
  private final int temporalPort = Integer.parseInt(env("BENCH_TEMPORAL_PORT", "18492"));
  private final int proxyPort = Integer.parseInt(env("BENCH_PROXY_PORT", "18490"));
  private final String javaOpts = env("BENCH_APP_JAVA_OPTS", "-Xmx768m");
  private final String commit = env("BENCH_COMMIT", "?");
  private final String proxySecret = UUID.randomUUID().toString();

  // ---- state ---------------------------------------------------------------------------------
  private final long startNanos = System.nanoTime();
  private final Instant startedAt = Instant.now();
  private final Random faultRandom = new Random(seed);
  private final Random uploadRandom = new Random(seed * 1_000_003L + 17);
  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(3))
          .executor(Executors.newFixedThreadPool(6, daemon("http")))
          .build();
  private final ChaosProxy proxy = new ChaosProxy(proxyPort, pgPort);
  private ChaosApp api;
  private final List<ChaosApp> workers = new ArrayList<>();
  private final List<ChaosApp> apps = new ArrayList<>();
  private final List<Tracked> sessions = new CopyOnWriteArrayList<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final Map<String, Violation> violations = new ConcurrentHashMap<>();
  private final List<double[]> dbOutages = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicLong> checks = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> statusAnswers = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> uploadAnswers = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> retryAnswers = new ConcurrentHashMap<>();
  private final Map<Long, EngineSeen> enginesSeen = new ConcurrentHashMap<>();
  private final List<String> unexpectedExits = new CopyOnWriteArrayList<>();
  private final Map<String, byte[]> audio = new HashMap<>();
  private final Map<String, Baseline> baselines = new HashMap<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicInteger uploadsDone = new AtomicInteger();
  private final ExecutorService background = Executors.newCachedThreadPool(daemon("chaos"));
  private final ScheduledExecutorService ticker =
      Executors.newScheduledThreadPool(2, daemon("tick"));
  private final Map<String, Restarts> restarts = new ConcurrentHashMap<>();
  private volatile Stall stall;
  private volatile double maxExcessIntervals;
  private volatile String maxExcessWhere = "";
  private PrintStream polls;

  public static void main(String[] args) {
    ChaosDriver driver = new ChaosDriver();
    int code;
    try {
      code = driver.run();
    } catch (Exception e) {
      System.err.println("chaos: the bench could not run: " + e);
      e.printStackTrace();
      code = 2;
    } finally {
      driver.shutdown();
    }
    System.exit(code);
  }

  private int run() throws Exception {
    Files.createDirectories(dataDir);
    Files.createDirectories(logDir);
    Files.createDirectories(pidDir);
    polls = new PrintStream(Files.newOutputStream(work.resolve("polls.csv")), true, "UTF-8");
    polls.println(
        "t,session,coach,file,http,status,progress,duration_processed,duration_total,"
            + "attempt,pace,error");
    Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "chaos-shutdown"));
    for (String file : files()) {
      audio.put(file, Files.readAllBytes(audioDir.resolve(file)));
    }

    // ---- 1. processes ----------------------------------------------------------------------
    proxy.restore();
    api = app("api", "api", apiPort);
    for (int i = 1; i <= 2; i++) {
      ChaosApp worker = app("worker-" + i, "worker", apiPort + 2 * i);
      workers.add(worker);
    }
    apps.add(api);
    apps.addAll(workers);
    log(
        "starting the API (it migrates the database), then two workers ("
            + engine
            + ", ENGINE_SLOTS="
            + slots
            + " each)");
    api.start("initial");
    awaitHealthy(api, 300);
    for (ChaosApp worker : workers) {
      worker.start("initial");
    }
    for (ChaosApp worker : workers) {
      awaitHealthy(worker, 300);
    }
    log("all processes healthy");
    ticker.scheduleAtFixedRate(guard(this::pollAll), 1000, 1000, TimeUnit.MILLISECONDS);
    ticker.scheduleAtFixedRate(guard(this::supervise), 2000, 1000, TimeUnit.MILLISECONDS);

    // ---- 2. baseline ------------------------------------------------------------------------
    List<String> distinct = files();
    log("baseline: each of " + distinct + " once, no faults");
    List<Tracked> base = new ArrayList<>();
    for (String file : distinct) {
      base.add(uploadUntilAccepted("chaos-baseline-" + file.replace('.', '-'), file, true));
    }
    double baselineStart = t();
    while (!base.stream().allMatch(Tracked::completed)) {
      for (Tracked s : base) {
        if ("failed".equals(s.lastStatus)) {
          throw new IllegalStateException(
              "the fault-free baseline of " + s.file + " failed: " + s.lastAnswer);
        }
      }
      if (t() - baselineStart > baselineTimeoutS) {
        throw new IllegalStateException(
            "the baseline did not complete within " + baselineTimeoutS + " s");
      }
      Thread.sleep(1000);
    }
    for (Tracked s : base) {
      baselines.put(s.file, baseline(s));
    }
    double baselineSeconds = t() - baselineStart;
    log(String.format(Locale.ROOT, "baseline done in %.0f s", baselineSeconds));

    // ---- 3. chaos ------------------------------------------------------------------------------
    double chaosStart = t();
    double chaosEnd = chaosStart + durationS;
    List<String> mix = uploadMix();
    List<Double> at = new ArrayList<>();
    for (int i = 0; i < uploads; i++) {
      at.add(chaosStart + 5 + uploadRandom.nextDouble() * Math.max(1, 0.6 * durationS - 5));
    }
    Collections.sort(at);
    log(
        String.format(
            Locale.ROOT,
            "chaos for %d s: %d uploads (%s), faults at %.1f per minute, seed %d",
            durationS,
            uploads,
            summarize(mix),
            faultRate,
            seed));
    var uploader =
        background.submit(
            () -> {
              for (int i = 0; i < uploads; i++) {
                sleepUntil(at.get(i));
                String coach = String.format(Locale.ROOT, "chaos-u%02d", i + 1);
                uploadUntilAccepted(coach, mix.get(i), false);
                uploadsDone.incrementAndGet();
              }
              return null;
            });
    var faulter =
        background.submit(
            () -> {
              faultLoop(chaosEnd);
              return null;
            });
    faulter.get();
    log("chaos over: " + faults.size() + " faults injected; settling (no more faults)");

    // ---- 4. settle -----------------------------------------------------------------------------
    proxy.restore();
    for (ChaosApp app : apps) {
      if (!app.alive()) {
        app.start("settle");
      }
    }
    uploader.get();
    double settleStart = t();
    awaitCompletion(settleS, "the settle phase");
    double settleSeconds = t() - settleStart;
    List<Tracked> stuck = sessions.stream().filter(x -> !x.completed()).toList();
    log(
        String.format(
            Locale.ROOT,
            "settled after %.0f s; %d session(s) not completed",
            settleSeconds,
            stuck.size()));

    // ---- 4b. stuck sessions: why, and the operator's rescue ------------------------------------
    double rescueSeconds = 0;
    try (ChaosTemporal temporal = new ChaosTemporal(temporalPort)) {
      List<Tracked> openRuns = new ArrayList<>();
      for (Tracked s : stuck) {
        s.stuckAtSettle = true;
        String why = temporal.explain(s.id, this::processName);
        count("final-state", 1);
        violation(
            "final-state",
            s,
            "not completed at the end of the settle phase (stuck): last "
                + "answer "
                + (s.lastAnswer == null ? "none" : compact(s.lastAnswer))
                + "; Temporal: "
                + why);
        if (why.startsWith("run running")) {
          openRuns.add(s);
        }
      }
      if (rescue && !openRuns.isEmpty()) {
        // docs/operators.md, "Terminating a run": an operator terminates a run that misbehaves,
        // and the reconciler (every minute) starts a new one from the stored chunks. Done here so
        // that the sessions' transcripts can still be checked; they stay counted as stuck.
        log(
            "rescue: terminating the "
                + openRuns.size()
                + " stuck open run(s), as an operator "
                + "would; the app's reconciler should restart them");
        for (Tracked s : openRuns) {
          s.rescued = temporal.terminate(s.id, "bench/chaos: stuck after the settle phase");
        }
        double rescueStart = t();
        awaitCompletion(settleS, "the rescue");
        rescueSeconds = t() - rescueStart;
      }
    }
    Thread.sleep(3000);

    // ---- 5. final checks ---------------------------------------------------------------------
    ticker.shutdown();
    ticker.awaitTermination(10, TimeUnit.SECONDS);
    finalChecks();
    List<String> leftBeforeStop = leftOverEngines();
    for (String engineLine : leftBeforeStop) {
      violation(
          "engine-left-over",
          (Tracked) null,
          "engine process still running after every session " + "completed: " + engineLine);
    }
    count("engine-left-over", 1);
    for (ChaosApp app : apps) {
      app.stop(Duration.ofSeconds(30));
    }
    Thread.sleep(2000);
    List<String> leftAfterStop = leftOverEngines();
    for (String engineLine : leftAfterStop) {
      if (!leftBeforeStop.contains(engineLine)) {
        violation(
            "engine-left-over",
            (Tracked) null,
            "engine process still running after its worker stopped: " + engineLine);
      }
    }
    report(baselineSeconds, settleSeconds, rescueSeconds);
    return violations.isEmpty() ? 0 : 1;
  }

  // ---- processes -------------------------------------------------------------------------------

  private ChaosApp app(String name, String role, int port) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("ROLE", role);
    env.put("PORT", Integer.toString(port));
    env.put("ADMIN_PORT", Integer.toString(port + 1));
    env.put("DATA_DIR", dataDir.toString());
    env.put("STORAGE", "local");
    env.put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:" + proxyPort + "/postgres");
    env.put("DATABASE_USER", "postgres");
    env.put("DATABASE_PASSWORD", "");
    env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort);
    env.put("ENGINE", engine);
    env.put("ENGINE_SLOTS", Integer.toString(slots));
    // the engine slots of both workers together: each session keeps this many chunks in flight
    env.put("FLEET_ENGINE_SLOTS", Integer.toString(2 * slots));
    env.put("AUTH_MODE", "header");
    env.put("TRUSTED_PROXY_CIDRS", "127.0.0.1/32,::1/128");
    env.put("PROXY_SECRET", proxySecret);
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String option : javaOpts.trim().split("\\s+")) {
      if (!option.isEmpty()) {
        command.add(option);
      }
    }
    command.addAll(List.of("-jar", jar.toString(), "server", appConfig.toString()));
    return new ChaosApp(name, command, env, work, logDir, pidDir, port + 1);
  }

  private void awaitHealthy(ChaosApp app, int timeoutS) throws InterruptedException {
    double deadline = t() + timeoutS;
    while (!app.healthy()) {
      if (!app.alive()) {
        throw new IllegalStateException(app.name() + " exited during start-up; see " + app.log());
      }
      if (t() > deadline) {
        throw new IllegalStateException(app.name() + " not healthy after " + timeoutS + " s");
      }
      Thread.sleep(500);
    }
  }

  /**
   * Restarts a process that should run but exited by itself, as a container's restart policy would
   * (after 2 s, doubling with each exit in a row up to 32 s), and notes every engine process our
   * workers start.
   */
  private void supervise() {
    for (ChaosApp app : apps) {
      if (app.wanted() && !app.alive() && !stopping.get()) {
        Restarts r = restarts.computeIfAbsent(app.name(), k -> new Restarts());
        if (r.exitSeenAt < 0) {
          r.exitSeenAt = t();
          r.inARow = t() - r.lastStartAt < 60 ? r.inARow + 1 : 1;
          String exit = app.exitCode().map(c -> "exit code " + c).orElse("never started");
          String line =
              String.format(
                  Locale.ROOT,
                  "+%.1f s %s exited by itself (%s); restart " + "in %d s",
                  t(),
                  app.name(),
                  exit,
                  r.delay());
          unexpectedExits.add(line);
          log(line);
        }
        if (t() - r.exitSeenAt >= r.delay()) {
          r.exitSeenAt = -1;
          r.lastStartAt = t();
          app.start("restarted by the driver after it exited by itself");
        }
      }
    }
    for (ChaosApp worker : workers) {
      for (ProcessHandle engineProcess : worker.engines()) {
        enginesSeen.computeIfAbsent(
            engineProcess.pid(),
            pid ->
                new EngineSeen(
                    pid, engineProcess.info().startInstant().orElse(null), worker.name(), t()));
      }
    }
  }

  // ---- faults ---------------------------------------------------------------------------------

  private void faultLoop(double end) throws InterruptedException {
    double mean = 60.0 / faultRate;
    double next = t() + mean * (0.5 + faultRandom.nextDouble());
    // The first four faults are one of each kind, so that even a short run tries every kind: the
    // three quick ones in a seeded order, then a stall (while a stall is judged the database is not
    // cut, so a stall first would crowd out the cut). After that the kinds are drawn by weight.
    List<String> firstFour = new ArrayList<>(List.of("kill-worker", "cut-db", "kill-api"));
    Collections.shuffle(firstFour, faultRandom);
    firstFour.add("stall-engine");
    int n = 0;
    while (true) {
      // Everything a fault needs is drawn up front, so a seed gives the same schedule whatever
      // the processes happen to be doing.
      double typeDraw = faultRandom.nextDouble();
      double fallbackDraw = faultRandom.nextDouble();
      int target = faultRandom.nextInt(2);
      double length = faultRandom.nextDouble();
      double gap = mean * (0.5 + faultRandom.nextDouble());
      sleepUntil(next);
      if (t() >= end) {
        return;
      }
      String type = n < firstFour.size() ? firstFour.get(n) : faultType(typeDraw);
      n++;
      // When that kind cannot be injected now (no engine running to stall, a stall under way
      // that a database cut would disturb), the next kind in a seeded order is.
      List<String> order = new ArrayList<>(List.of(type));
      List<String> others =
          new ArrayList<>(List.of("kill-worker", "cut-db", "kill-api", "stall-engine"));
      others.remove(type);
      Collections.shuffle(others, new Random(Double.doubleToLongBits(fallbackDraw)));
      order.addAll(others);
      for (String kind : order) {
        if (inject(kind, target, length)) {
          break;
        }
      }
      next = Math.max(next + gap, t() + 2);
    }
  }

  /** Worker kill 35 %, database cut 30 %, API kill 20 %, engine stall 15 %. */
  private static String faultType(double draw) {
    if (draw < 0.35) {
      return "kill-worker";
    }
    if (draw < 0.65) {
      return "cut-db";
    }
    if (draw < 0.85) {
      return "kill-api";
    }
    return "stall-engine";
  }

  private boolean inject(String type, int target, double length) throws InterruptedException {
    switch (type) {
      case "kill-worker" -> {
        ChaosApp worker = workers.get(target);
        Stall current = stall;
        if (stallUnderWay() && current.worker == worker) {
          worker = workers.get(1 - target); // keep the stalled engine's verdict clean
        }
        if (!worker.alive()) {
          return false;
        }
        killAndRestart(type, worker, 2 + 18 * length);
        return true;
      }
      case "kill-api" -> {
        if (!api.alive()) {
          return false;
        }
        killAndRestart(type, api, 2 + 13 * length);
        return true;
      }
      case "cut-db" -> {
        if (stallUnderWay()) {
          // A cut fails the stalled attempt's next progress report, which ends it: the stall
          // would no longer say whether the worker notices a hung engine by itself.
          return false;
        }
        double hold = 10 + 20 * length;
        Fault fault = new Fault(t(), type, "");
        int reset = proxy.cut();
        dbOutages.add(new double[] {fault.at, Double.MAX_VALUE});
        log(
            String.format(
                Locale.ROOT, "FAULT cut-db for %.0f s (%d connections reset)", hold, reset));
        faults.add(fault);
        Thread.sleep((long) (hold * 1000));
        try {
          proxy.restore();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
        double restored = t();
        dbOutages.set(dbOutages.size() - 1, new double[] {fault.at, restored});
        fault.detail =
            String.format(
                Locale.ROOT,
                "database proxy cut for %.1f s, %d open connections reset",
                restored - fault.at,
                reset);
        log("      database proxy restored");
        return true;
      }
      case "stall-engine" -> {
        return stallEngine(target);
      }
      default -> throw new IllegalArgumentException(type);
    }
  }

  private void killAndRestart(String type, ChaosApp app, double down) throws InterruptedException {
    String engines = app == api ? "" : ", " + app.engines().size() + " engine process(es) running";
    Fault fault = new Fault(t(), type, "");
    Optional<Long> pid = app.kill();
    faults.add(fault);
    String killed =
        String.format(
            Locale.ROOT,
            "%s (pid %s%s)",
            app.name(),
            pid.map(String::valueOf).orElse("?"),
            engines);
    log(String.format(Locale.ROOT, "FAULT %s %s, down %.0f s", type, killed, down));
    Thread.sleep((long) (down * 1000));
    double restartAt = t();
    app.start("restart after " + type);
    fault.detail =
        String.format(
            Locale.ROOT, "%s SIGKILLed; restarted after %.1f s", killed, restartAt - fault.at);
    background.submit(
        () -> {
          double deadline = t() + 300;
          while (t() < deadline && app.alive() && !app.healthy()) {
            Thread.sleep(1000);
          }
          fault.detail +=
              app.healthy()
                  ? String.format(
                      Locale.ROOT, ", healthy %.1f s after the restart", t() - restartAt)
                  : ", not healthy (it died or 300 s passed)";
          return null;
        });
  }

  private boolean stallUnderWay() {
    Stall current = stall;
    return current != null && !current.done;
  }

  /** SIGSTOPs a running engine process; a watcher ends the stall (see {@link Stall}). */
  private boolean stallEngine(int target) throws InterruptedException {
    Stall current = stall;
    if (current != null && !current.done) {
      return false;
    }
    List<ChaosApp> order = List.of(workers.get(target), workers.get(1 - target));
    double deadline = t() + 15;
    while (t() < deadline) {
      for (ChaosApp worker : order) {
        List<ProcessHandle> engines = worker.engines();
        if (!engines.isEmpty()) {
          ProcessHandle engineProcess = engines.get(0);
          List<String> sessionIds = openSessions(worker);
          if (!signal("STOP", engineProcess.pid())) {
            continue;
          }
          Stall s = new Stall(t(), worker, engineProcess, sessionIds);
          stall = s;
          Fault fault = new Fault(s.at, "stall-engine", "");
          s.fault = fault;
          faults.add(fault);
          fault.detail =
              String.format(
                  Locale.ROOT,
                  "pocketsphinx_continuous pid %d of %s SIGSTOPped (session %s)",
                  engineProcess.pid(),
                  worker.name(),
                  sessionIds.isEmpty() ? "?" : String.join(",", sessionIds));
          log("FAULT " + fault.detail);
          background.submit(
              () -> {
                watchStall(s);
                return null;
              });
          return true;
        }
      }
      Thread.sleep(1000);
    }
    return false;
  }

  /**
   * Ends a stall when the engine process is gone (the worker killed it: the expected outcome), when
   * its worker died (another fault), or after {@code BENCH_STALL_MAX} s (SIGCONT; a violation: the
   * hung engine was not killed). Also finds which chunk stopped moving.
   */
  private void watchStall(Stall s) throws InterruptedException {
    // The engine reads on for a moment after SIGSTOP (until its pipe is full): the chunk that
    // stopped moving is the one whose position is the same at +10 s and at +30 s.
    String session = s.sessionIds.size() == 1 ? s.sessionIds.get(0) : null;
    Map<Integer, Double> before = Map.of();
    while (true) {
      Thread.sleep(1000);
      double held = t() - s.at;
      if (session != null && before.isEmpty() && held >= 10 && held < 30) {
        before = chunkPositions(session);
      }
      if (session != null && s.chunks == null && held >= 30 && !before.isEmpty()) {
        Map<Integer, Double> after = chunkPositions(session);
        List<Integer> still = new ArrayList<>();
        before.forEach(
            (chunk, position) -> {
              if (position.equals(after.get(chunk))) {
                still.add(chunk);
              }
            });
        s.chunks = still;
      }
      if (!s.engine.isAlive()) {
        String why = workerLogSince(s.worker, s.at, "read nothing for|has not finished it");
        String health = engineHealth(s.worker);
        s.outcome =
            String.format(
                Locale.ROOT,
                "engine process killed %.0f s after SIGSTOP%s; worker log: %s; its engine "
                    + "health check: %s",
                held,
                held < STUCK_AFTER_S
                    ? " (before the "
                        + STUCK_AFTER_S
                        + " s stuck threshold: its attempt ended "
                        + "for another reason)"
                    : "",
                why.isEmpty() ? "no hang reported" : why,
                health);
        break;
      }
      if (!s.worker.alive()) {
        signal("CONT", s.engine.pid());
        s.outcome =
            String.format(
                Locale.ROOT,
                "its worker died %.0f s after SIGSTOP; SIGCONT sent (no verdict)",
                held);
        break;
      }
      if (held >= stallMaxS) {
        signal("CONT", s.engine.pid());
        s.outcome =
            String.format(
                Locale.ROOT, "NOT killed by its worker within %d s; SIGCONT sent", stallMaxS);
        violationById(
            "hung-engine-killed",
            session,
            String.format(
                Locale.ROOT,
                "pocketsphinx_continuous pid %d of %s SIGSTOPped at +%.1f s was still there "
                    + "after %d s (chunk %s)",
                s.engine.pid(),
                s.worker.name(),
                s.at,
                stallMaxS,
                s.chunks));
        break;
      }
    }
    s.fault.detail += "; chunk " + (s.chunks == null ? "?" : s.chunks) + "; " + s.outcome;
    count("hung-engine-killed", 1);
    log("      stall over: " + s.outcome);
    s.done = true;
  }

  /** The first line of the worker's log since {@code since} that matches, shortened. */
  private String workerLogSince(ChaosApp worker, double since, String regex) {
    Pattern pattern = Pattern.compile(regex);
    Pattern stamp = Pattern.compile("\\[(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d),");
    Instant from = startedAt.plusMillis((long) (since * 1000)).minusSeconds(1);
    Instant lineTime = null;
    try {
      for (String line : Files.readAllLines(worker.log(), StandardCharsets.UTF_8)) {
        Matcher m = stamp.matcher(line);
        if (m.find()) {
          lineTime = Instant.parse(m.group(1).replace(' ', 'T') + "Z");
        }
        if (lineTime != null && !lineTime.isBefore(from) && pattern.matcher(line).find()) {
          Matcher message = Pattern.compile("message='([^']*)'").matcher(line);
          return abbreviate(message.find() ? message.group(1) : line.trim(), 200);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable)";
    }
    return "";
  }

  /** The message of the worker's {@code engine} health check. */
  private String engineHealth(ChaosApp worker) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + worker.adminPort() + "/healthcheck"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      JsonNode engineCheck = tree(response.body()).path("engine");
      return (engineCheck.path("healthy").asBoolean() ? "healthy, " : "unhealthy, ")
          + abbreviate(engineCheck.path("message").asText(), 200);
    } catch (IOException | RuntimeException e) {
      return "(no answer)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)";
    }
  }

  /**
   * The sessions whose decoded audio the worker process has open (with 1 slot: the stalled one).
   */
  private static List<String> openSessions(ChaosApp worker) {
    Set<String> ids = new HashSet<>();
    worker
        .handle()
        .ifPresent(
            h -> {
              try (var fds = Files.list(Path.of("/proc", Long.toString(h.pid()), "fd"))) {
                fds.forEach(
                    fd -> {
                      try {
                        Matcher m = PCM_PATH.matcher(Files.readSymbolicLink(fd).toString());
                        if (m.find()) {
                          ids.add(m.group(1));
                        }
                      } catch (IOException e) {
                        // closed meanwhile
                      }
                    });
              } catch (IOException e) {
                // process gone
              }
            });
    return new ArrayList<>(ids);
  }

  private static boolean signal(String signal, long pid) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(pid))
              .redirectErrorStream(true)
              .start();
      return kill.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ---- uploads ---------------------------------------------------------------------------------

  private List<String> files() {
    List<String> files = new ArrayList<>(List.of(SHORT_FILES));
    files.add(LONG_FILE);
    return files;
  }

  /** About one long recording in eight, the rest the short ones in turn; shuffled by the seed. */
  private List<String> uploadMix() {
    List<String> mix = new ArrayList<>();
    int longs = Math.max(1, Math.round(uploads / 8f));
    for (int i = 0; i < longs; i++) {
      mix.add(LONG_FILE);
    }
    for (int i = 0; mix.size() < uploads; i++) {
      mix.add(SHORT_FILES[i % SHORT_FILES.length]);
    }
    Collections.shuffle(mix, uploadRandom);
    return mix;
  }

  private static String summarize(List<String> mix) {
    Map<String, Long> counts =
        new TreeMap<>(mix.stream().collect(Collectors.groupingBy(f -> f, Collectors.counting())));
    return counts.entrySet().stream()
        .map(e -> e.getValue() + "x " + e.getKey())
        .collect(Collectors.joining(", "));
  }

  /**
   * Uploads as a coach would: again after a refusal or a refused connection; after an answer that
   * never came, the coach's session list says whether the upload was taken.
   */
  private Tracked uploadUntilAccepted(String coach, String file, boolean baseline)
      throws InterruptedException {
    int attempts = 0;
    while (true) {
      attempts++;
      double sentAt = t();
      HttpResponse<String> response;
      try {
        response = http.send(uploadRequest(coach, file), HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException e) {
        bump(uploadAnswers, "refused");
        Thread.sleep(3000);
        continue;
      } catch (IOException e) {
        bump(uploadAnswers, "no answer");
        log(
            "upload of "
                + file
                + " for "
                + coach
                + " got no answer ("
                + e
                + "); checking the "
                + "coach's session list");
        Optional<String> taken = listedSession(coach);
        if (taken.isPresent()) {
          log("      it was taken: session " + taken.get());
          return track(taken.get(), coach, file, baseline, attempts, true);
        }
        continue;
      }
      int code = response.statusCode();
      checkAnswer("upload", null, code, response.body(), sentAt, uploadAnswers);
      if (code == 201) {
        String id = tree(response.body()).get("session_id").asText();
        return track(id, coach, file, baseline, attempts, false);
      }
      if (attempts > 30) {
        throw new IllegalStateException(
            "upload of " + file + " refused 30 times; last: " + code + " " + response.body());
      }
      Thread.sleep(5000);
    }
  }

  private Tracked track(
      String id, String coach, String file, boolean baseline, int attempts, boolean adopted) {
    Tracked s = new Tracked(id, coach, file, baseline, t(), attempts, adopted);
    sessions.add(s);
    if (!baseline) {
      log(
          String.format(
              Locale.ROOT,
              "upload %s: %s -> session %s%s",
              coach,
              file,
              id,
              attempts > 1 ? " (attempt " + attempts + ")" : ""));
    }
    return s;
  }

  private Optional<String> listedSession(String coach) throws InterruptedException {
    while (true) {
      try {
        HttpResponse<String> list =
            http.send(
                request("/api/v1/sessions?limit=10", coach).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (list.statusCode() == 200) {
          JsonNode items = tree(list.body()).get("sessions");
          for (JsonNode item : items) {
            String id = item.get("session_id").asText();
            if (sessions.stream().noneMatch(s -> s.id.equals(id))) {
              return Optional.of(id);
            }
          }
          return Optional.empty();
        }
      } catch (IOException e) {
        // not up yet
      }
      Thread.sleep(3000);
    }
  }

  private HttpRequest uploadRequest(String coach, String file) {
    String boundary = "----chaos" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n"
                + coach
                + " "
                + file
                + "\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"audio\"; "
                + "filename=\""
                + file
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(audio.get(file));
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return request("/api/v1/sessions", coach)
        .timeout(Duration.ofSeconds(120))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
        .build();
  }

  private HttpRequest.Builder request(String path, String coach) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
        .timeout(Duration.ofSeconds(10))
        .header("X-Coach-Id", coach)
        .header("X-Proxy-Secret", proxySecret);
  }

  // ---- polling and the running invariants ----------------------------------------------------

  private void pollAll() {
    for (Tracked s : sessions) {
      if (!s.inFlight.compareAndSet(false, true)) {
        count("poll-skipped (previous still in flight)", 1);
        continue;
      }
      double sentAt = t();
      http.sendAsync(
              request("/api/v1/sessions/" + s.id + "/status", s.coach).GET().build(),
              HttpResponse.BodyHandlers.ofString())
          .whenComplete(
              (response, error) -> {
                try {
                  onStatus(s, response, error, sentAt);
                } catch (RuntimeException e) {
                  log("poll handler failed: " + e);
                } finally {
                  s.inFlight.set(false);
                }
              });
    }
  }

  private void onStatus(Tracked s, HttpResponse<String> response, Throwable error, double sentAt) {
    double at = t();
    if (error != null) {
      Throwable cause =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      String kind =
          cause instanceof ConnectException
              ? "refused"
              : cause instanceof HttpTimeoutException ? "timeout" : "no answer";
      bump(statusAnswers, kind);
      polls.printf(Locale.ROOT, "%.2f,%s,%s,%s,%s,,,,,,,%n", at, s.id, s.coach, s.file, kind);
      return;
    }
    int code = response.statusCode();
    checkAnswer("status", s, code, response.body(), sentAt, statusAnswers);
    if (code != 200) {
      polls.printf(Locale.ROOT, "%.2f,%s,%s,%s,%d,,,,,,,%n", at, s.id, s.coach, s.file, code);
      return;
    }
    JsonNode a = tree(response.body());
    String status = a.path("status").asText();
    double progress = a.path("progress").asDouble();
    double processed = a.path("duration_processed").asDouble();
    double total = a.path("duration_total").asDouble();
    JsonNode err = a.path("error");
    polls.printf(
        Locale.ROOT,
        "%.2f,%s,%s,%s,200,%s,%.2f,%.1f,%.1f,%d,%s,%s%n",
        at,
        s.id,
        s.coach,
        s.file,
        status,
        progress,
        processed,
        total,
        a.path("attempt").asInt(),
        a.path("pace").asText(""),
        err.isObject() ? err.path("code").asText() : "");
    synchronized (s) {
      s.polls++;
      String signature =
          status + "|" + progress + "|" + processed + "|" + a.path("attempt").asInt();
      if (!signature.equals(s.lastSignature)) {
        s.lastSignature = signature;
        s.lastChangeAt = at;
      }
      // progress never goes back
      count("monotone", 1);
      if (progress < s.maxProgress - 1e-9) {
        violation(
            "monotone",
            s,
            "",
            s.maxProgress - progress,
            String.format(
                Locale.ROOT,
                "progress %.2f (%s) after %.2f at +%.1f s (%s); answer %s",
                progress,
                status,
                s.maxProgress,
                s.maxProgressAt,
                s.maxProgressStatus,
                compact(a)));
      }
      if (progress > s.maxProgress) {
        s.maxProgress = progress;
        s.maxProgressAt = at;
        s.maxProgressStatus = status;
      }
      // exactly one final state: once completed, always completed; never cancelled
      count("final-state", 1);
      if (s.completedAt >= 0 && !"completed".equals(status)) {
        violation(
            "final-state",
            s,
            "left completed",
            0,
            "was completed at +" + fmt(s.completedAt) + " s, now " + status + ": " + compact(a));
      }
      if ("cancelled".equals(status)) {
        violation(
            "final-state", s, "cancelled", 0, "cancelled, nobody cancelled it: " + compact(a));
      }
      if ("completed".equals(status) && s.completedAt < 0) {
        s.completedAt = at;
        s.processingSeconds = a.path("processing_seconds").asDouble();
      }
      // progress never exceeds the audio fraction by more than one report interval of work
      if (!"completed".equals(status) && total > 0) {
        checkProgressBound(s, a, progress, processed, total, status, at);
      }
      if ("failed".equals(status)) {
        if (!"failed".equals(s.lastStatus)) {
          s.failures.add(err.path("code").asText("?"));
          log(
              String.format(
                  Locale.ROOT,
                  "session %s (%s, %s) failed: %s (retryable %s)",
                  s.id,
                  s.coach,
                  s.file,
                  err.path("code").asText(),
                  err.path("retryable").asText()));
        }
        if (!err.path("retryable").asBoolean(false)) {
          if (!s.permanentReported) {
            s.permanentReported = true;
            violation("final-state", s, "failed with a permanent error: " + compact(a));
          }
        } else if (!s.retryInFlight && at - s.lastRetryAt > 5) {
          s.retryInFlight = true;
          s.lastRetryAt = at;
          background.submit(() -> retry(s));
        }
      }
      s.lastStatus = status;
      s.lastAnswer = a;
      s.lastAnswerAt = at;
    }
  }

  private void checkProgressBound(
      Tracked s,
      JsonNode a,
      double progress,
      double processed,
      double total,
      String status,
      double at) {
    count("progress-bound", 1);
    // duration_processed is rounded to 0.1 s in the answer: take the largest value it stands for.
    double processedUpTo = Math.min(total, processed + 0.05);
    double audioPercent = 100 * processedUpTo / total;
    double interval = 0;
    Instant started = instant(a.path("started_at"));
    Instant reported = instant(a.path("updated_at"));
    if (started != null && reported != null) {
      double elapsed = Duration.between(started, reported).toMillis() / 1000.0;
      if (elapsed > 0) {
        // The session's own speed so far, wall seconds per audio second, from its first start to
        // its last report (updated_at), over the audio transcribed by then.
        double secondsPerAudioSecond = elapsed / processedUpTo;
        interval = 100 * REPORT_INTERVAL_S / (secondsPerAudioSecond * total);
      }
    }
    double excess = progress - audioPercent;
    if (interval > 0 && excess / interval > maxExcessIntervals) {
      maxExcessIntervals = excess / interval;
      maxExcessWhere =
          String.format(
              Locale.ROOT,
              "session %s (%s) at +%.1f s: progress %.2f, audio %.2f %%, interval %.3f pp",
              s.id,
              s.file,
              at,
              progress,
              audioPercent,
              interval);
    }
    if (excess > interval + progressTolerance) {
      violation(
          "progress-bound",
          s,
          "",
          interval > 0 ? excess / interval : excess * 1000,
          String.format(
              Locale.ROOT,
              "%s progress %.2f > audio %.2f %% (%.1f of %.1f s) + one interval %.3f pp + %.2f "
                  + "(excess %.3f pp = %.1f intervals): %s",
              status,
              progress,
              audioPercent,
              processed,
              total,
              interval,
              progressTolerance,
              excess,
              interval > 0 ? excess / interval : Double.POSITIVE_INFINITY,
              compact(a)));
    }
  }

  /** A coach's Retry after a retryable failure. */
  private void retry(Tracked s) {
    double sentAt = t();
    synchronized (s) {
      s.retries++;
    }
    try {
      HttpResponse<String> response =
          http.send(
              request("/api/v1/sessions/" + s.id + "/retry", s.coach)
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      int code = response.statusCode();
      checkAnswer("retry", s, code, response.body(), sentAt, retryAnswers);
      if (code / 100 == 2) {
        synchronized (s) {
          s.retriesAccepted++;
        }
        log("      retried session " + s.id + ": " + code);
      } else {
        log("      retry of session " + s.id + " answered " + code + " " + response.body());
      }
    } catch (IOException e) {
      bump(retryAnswers, e instanceof ConnectException ? "refused" : "no answer");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      s.retryInFlight = false;
    }
  }

  /**
   * Every answer's code is counted; 5xx other than a 503 with a JSON body during a database outage
   * is a violation, and so is an unexpected 4xx.
   */
  private void checkAnswer(
      String what,
      Tracked s,
      int code,
      String body,
      double sentAt,
      Map<String, AtomicLong> histogram) {
    boolean json = isJsonObject(body);
    bump(histogram, code == 503 ? "503 " + (json ? "json" : "not json") : Integer.toString(code));
    count("http", 1);
    if (code >= 500) {
      String errorCode = json ? tree(body).path("error").asText() : "";
      if (code == 503) {
        bump(histogram, "503 error=" + errorCode);
      }
      if (code != 503 || !json) {
        violation(
            "http-5xx",
            s,
            what + code + json,
            0,
            what
                + " answered "
                + code
                + (json ? "" : " without a JSON body")
                + ": "
                + abbreviate(body));
      } else if (!duringOutage(sentAt)) {
        violation(
            "http-5xx",
            s,
            what + "503 outside",
            0,
            String.format(
                Locale.ROOT,
                "%s answered 503 at +%.1f s, outside any database outage: %s",
                what,
                sentAt,
                abbreviate(body)));
      }
    } else if (code >= 400) {
      boolean expected = "retry".equals(what) && code == 409 && body.contains("not_failed");
      if (!expected) {
        violation(
            "http-4xx", s, what + code, 0, what + " answered " + code + ": " + abbreviate(body));
      }
    }
  }

  private boolean duringOutage(double at) {
    for (double[] outage : dbOutages) {
      if (at >= outage[0] - 1 && at <= outage[1] + graceS) {
        return true;
      }
    }
    return false;
  }

  // ---- final checks ----------------------------------------------------------------------------

  private void finalChecks() throws Exception {
    Map<String, Set<Integer>> resumed = resumedChunks();
    try (Connection db = database()) {
      for (Tracked s : sessions) {
        count("final-state", 1);
        if (!s.completed()) {
          if (s.rescued || !s.stuckAtSettle) {
            violation(
                "final-state",
                s,
                (s.rescued
                        ? "still not completed after its run was terminated for the rescue"
                        : "not completed at the end")
                    + ": last answer "
                    + (s.lastAnswer == null ? "none" : compact(s.lastAnswer)));
          }
          continue;
        }
        checkHistory(s);
        if (!s.baseline) {
          checkTranscript(db, s, resumed.getOrDefault(s.id, Set.of()));
        }
      }
      Set<String> inDatabase = new HashSet<>();
      try (PreparedStatement q =
              db.prepareStatement(
                  "SELECT id::text, coach_id, status, original_filename FROM transcription_session");
          ResultSet rows = q.executeQuery()) {
        while (rows.next()) {
          String id = rows.getString(1);
          inDatabase.add(id);
          count("duplicate-session", 1);
          if (sessions.stream().noneMatch(s -> s.id.equals(id))) {
            violation(
                "duplicate-session",
                (Tracked) null,
                "session "
                    + id
                    + " of "
                    + rows.getString(2)
                    + " ("
                    + rows.getString(4)
                    + ", "
                    + rows.getString(3)
                    + ") is in the database "
                    + "but no upload was answered with it");
          }
        }
      }
      checkOrphans(inDatabase);
    }
  }

  private void checkHistory(Tracked s) throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            request("/api/v1/sessions/" + s.id + "/history", s.coach).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    count("final-state", 1);
    if (response.statusCode() != 200) {
      violation("final-state", s, "history answered " + response.statusCode());
      return;
    }
    List<String> states = new ArrayList<>();
    for (JsonNode entry : tree(response.body()).path("history")) {
      states.add(entry.path("to_status").asText());
    }
    s.history = states;
    long completions = states.stream().filter("completed"::equals).count();
    if (completions != 1 || !"completed".equals(states.get(states.size() - 1))) {
      violation(
          "final-state",
          s,
          "history has "
              + completions
              + " transition(s) to completed, "
              + "last "
              + states.get(states.size() - 1)
              + ": "
              + states);
    }
  }

  private void checkTranscript(Connection db, Tracked s, Set<Integer> resumedChunks)
      throws Exception {
    Baseline base = baselines.get(s.file);
    count("transcript", 1);
    HttpResponse<String> response =
        http.send(
            request("/api/v1/sessions/" + s.id + "/transcript?format=json", s.coach).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      violation("transcript", s, "transcript answered " + response.statusCode());
      return;
    }
    List<double[]> plan = chunkPlan(db, s.id);
    if (!samePlan(plan, base.plan)) {
      violation(
          "transcript",
          s,
          "chunk plan " + describe(plan) + " differs from the baseline's " + describe(base.plan));
      return;
    }
    List<List<String>> words = byChunk(tree(response.body()), plan);
    s.resumedChunks = new TreeMap<>();
    for (int i = 0; i < plan.size(); i++) {
      List<String> ref = base.words.get(i);
      List<String> hyp = words.get(i);
      if (ref.equals(hyp)) {
        if (resumedChunks.contains(i)) {
          s.resumedChunks.put(i, 0.0);
        }
        continue;
      }
      double wer = WordErrorRate.of(String.join(" ", ref), String.join(" ", hyp));
      if (resumedChunks.contains(i)) {
        s.resumedChunks.put(i, wer);
        if (wer > werMax) {
          violation(
              "transcript",
              s,
              String.format(
                  Locale.ROOT,
                  "chunk %d (interrupted, transcribed again) has a word error rate of %.1f %% against"
                      + " the baseline "
                      + "(limit %.1f %%): %s",
                  i,
                  100 * wer,
                  100 * werMax,
                  diff(ref, hyp)));
        }
      } else {
        violation(
            "transcript",
            s,
            String.format(
                Locale.ROOT,
                "chunk %d differs from the baseline but was never interrupted (WER %.1f %%): %s",
                i,
                100 * wer,
                diff(ref, hyp)));
      }
    }
  }

  private static List<List<String>> byChunk(JsonNode transcript, List<double[]> plan) {
    List<List<String>> out = new ArrayList<>();
    for (int i = 0; i < plan.size(); i++) {
      out.add(new ArrayList<>());
    }
    for (JsonNode word : transcript.path("words")) {
      double start = word.path("start").asDouble();
      int chunk = plan.size() - 1;
      for (int i = 0; i < plan.size(); i++) {
        if (start < plan.get(i)[1]) {
          chunk = i;
          break;
        }
      }
      out.get(chunk).addAll(WordErrorRate.words(word.path("text").asText()));
    }
    return out;
  }

  private static String diff(List<String> ref, List<String> hyp) {
    int first = 0;
    while (first < ref.size() && first < hyp.size() && ref.get(first).equals(hyp.get(first))) {
      first++;
    }
    int from = Math.max(0, first - 3);
    return "first difference at word "
        + first
        + ": baseline '"
        + String.join(" ", ref.subList(from, Math.min(ref.size(), first + 8)))
        + "' vs '"
        + String.join(" ", hyp.subList(from, Math.min(hyp.size(), first + 8)))
        + "' ("
        + ref.size()
        + " vs "
        + hyp.size()
        + " words)";
  }

  private static boolean samePlan(List<double[]> a, List<double[]> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (Math.abs(a.get(i)[0] - b.get(i)[0]) > 1e-6
          || Math.abs(a.get(i)[1] - b.get(i)[1]) > 1e-6) {
        return false;
      }
    }
    return true;
  }

  private static String describe(List<double[]> plan) {
    return plan.stream()
        .map(c -> String.format(Locale.ROOT, "%.1f-%.1f", c[0], c[1]))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private Baseline baseline(Tracked s) throws Exception {
    HttpResponse<String> response =
        http.send(
            request("/api/v1/sessions/" + s.id + "/transcript?format=json", s.coach).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "baseline transcript of " + s.file + ": " + response.statusCode());
    }
    try (Connection db = database()) {
      List<double[]> plan = chunkPlan(db, s.id);
      List<List<String>> words = byChunk(tree(response.body()), plan);
      int count = words.stream().mapToInt(List::size).sum();
      log(
          String.format(
              Locale.ROOT,
              "      baseline %s: %d chunks, %d words, processing %.1f s",
              s.file,
              plan.size(),
              count,
              s.processingSeconds));
      return new Baseline(s.file, plan, words, s.processingSeconds);
    }
  }

  private static List<double[]> chunkPlan(Connection db, String sessionId) throws SQLException {
    List<double[]> plan = new ArrayList<>();
    try (PreparedStatement q =
        db.prepareStatement(
            "SELECT start_seconds, end_seconds FROM session_chunk WHERE session_id = CAST(? AS uuid) "
                + "ORDER BY chunk_index")) {
      q.setString(1, sessionId);
      try (ResultSet rows = q.executeQuery()) {
        while (rows.next()) {
          plan.add(new double[] {rows.getDouble(1), rows.getDouble(2)});
        }
      }
    }
    return plan;
  }

  private Map<Integer, Double> chunkPositions(String sessionId) {
    Map<Integer, Double> positions = new HashMap<>();
    try (Connection db = database();
        PreparedStatement q =
            db.prepareStatement(
                "SELECT chunk_index, processed_seconds FROM session_chunk "
                    + "WHERE session_id = CAST(? AS uuid) AND NOT done")) {
      q.setString(1, sessionId);
      try (ResultSet rows = q.executeQuery()) {
        while (rows.next()) {
          positions.put(rows.getInt(1), rows.getDouble(2));
        }
      }
    } catch (SQLException e) {
      log("could not read the chunks of " + sessionId + ": " + e);
    }
    return positions;
  }

  /**
   * Waits until every session completed, at most {@code maxS} s; ends early when no unfinished
   * session's answer has changed for {@code BENCH_SETTLE_IDLE} s (they are stuck).
   */
  private void awaitCompletion(int maxS, String phase) throws InterruptedException {
    double start = t();
    while (t() - start < maxS) {
      boolean stallOver = stall == null || stall.done;
      if (stallOver && sessions.stream().allMatch(Tracked::completed)) {
        return;
      }
      double lastChange =
          sessions.stream()
              .filter(s -> !s.completed())
              .mapToDouble(s -> s.lastChangeAt)
              .max()
              .orElse(t());
      if (stallOver && t() - start > settleIdleS && t() - lastChange > settleIdleS) {
        log(
            String.format(
                Locale.ROOT,
                "no unfinished session's status has changed for %.0f s: "
                    + "they are stuck; ending %s",
                t() - lastChange,
                phase));
        return;
      }
      Thread.sleep(1000);
    }
  }

  /** Which of our app processes had this pid, and whether it still runs; null if none. */
  private String processName(long pid) {
    for (ChaosApp app : apps) {
      if (app.pids().contains(pid)) {
        boolean alive = ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        return app.name() + " pid " + pid + (alive ? ", still running" : ", which is gone");
      }
    }
    return null;
  }

  /** Chunks an attempt left part-way, which a later attempt transcribed again. */
  private Map<String, Set<Integer>> resumedChunks() throws IOException {
    Map<String, Set<Integer>> resumed = new HashMap<>();
    for (ChaosApp worker : workers) {
      if (!Files.exists(worker.log())) {
        continue;
      }
      for (String line : Files.readAllLines(worker.log(), StandardCharsets.UTF_8)) {
        Matcher m = TRANSCRIBED_AGAIN.matcher(line);
        if (m.find()) {
          resumed
              .computeIfAbsent(m.group(1), k -> new HashSet<>())
              .add(Integer.parseInt(m.group(2)));
        }
      }
    }
    return resumed;
  }

  private void checkOrphans(Set<String> inDatabase) throws IOException {
    Path sessionsDir = dataDir.resolve("sessions");
    if (Files.isDirectory(sessionsDir)) {
      try (var dirs = Files.list(sessionsDir)) {
        for (Path dir : dirs.toList()) {
          count("orphan-file", 1);
          String id = dir.getFileName().toString();
          if (!inDatabase.contains(id)) {
            List<String> files;
            try (var walk = Files.walk(dir)) {
              files =
                  walk.filter(Files::isRegularFile)
                      .map(p -> dataDir.relativize(p) + " (" + size(p) + " bytes)")
                      .toList();
            }
            violation(
                "orphan-file",
                (Tracked) null,
                "DATA_DIR/sessions/" + id + " belongs to no session in the database: " + files);
          }
        }
      }
    }
    Path incoming = dataDir.resolve("incoming");
    if (Files.isDirectory(incoming)) {
      try (var left = Files.list(incoming)) {
        for (Path file : left.toList()) {
          violation(
              "orphan-file",
              (Tracked) null,
              "left-over upload file " + dataDir.relativize(file) + " (" + size(file) + " bytes)");
        }
      }
    }
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return -1;
    }
  }

  /**
   * Engine processes our workers started that are still alive (the same process, by start time).
   */
  private List<String> leftOverEngines() {
    supervise();
    List<String> left = new ArrayList<>();
    for (EngineSeen seen : enginesSeen.values()) {
      Optional<ProcessHandle> handle = ProcessHandle.of(seen.pid);
      if (handle.isPresent()
          && handle.get().isAlive()
          && handle.get().info().startInstant().equals(Optional.ofNullable(seen.start))) {
        String state = procState(seen.pid);
        left.add(
            String.format(
                Locale.ROOT,
                "pid %d (started by %s, first seen at +%.1f s, state %s)",
                seen.pid,
                seen.worker,
                seen.firstSeen,
                state));
      }
    }
    return left;
  }

  private static String procState(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private Connection database() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres", "postgres", "");
  }

  // ---- report ----------------------------------------------------------------------------------

  private void report(double baselineSeconds, double settleSeconds, double rescueSeconds)
      throws IOException {
    PrintStream out = System.out;
    List<Tracked> soak = sessions.stream().filter(s -> !s.baseline).toList();
    out.println();
    out.printf(
        Locale.ROOT,
        "chaos: seed %d, chaos phase %d s, %d uploads, fault rate %.1f/min, "
            + "engine %s x %d slot(s) x 2 workers%n",
        seed,
        durationS,
        soak.size(),
        faultRate,
        engine,
        slots);
    out.printf(
        Locale.ROOT,
        "  code: %s; started %s; baseline %.0f s, settle %.0f s, rescue %.0f s; work directory "
            + "%s%n",
        commit,
        startedAt,
        baselineSeconds,
        settleSeconds,
        rescueSeconds,
        work);
    out.println();
    Map<String, Long> byType =
        new TreeMap<>(
            faults.stream().collect(Collectors.groupingBy(f -> f.type, Collectors.counting())));
    out.println("faults injected: " + faults.size() + " " + byType);
    for (Fault f : faults) {
      out.printf(Locale.ROOT, "  +%7.1f s  %s  %-12s %s%n", f.at, clock(f.at), f.type, f.detail);
    }
    if (!unexpectedExits.isEmpty()) {
      out.println("processes that exited by themselves (restarted by the driver):");
      unexpectedExits.forEach(line -> out.println("  " + line));
    }
    out.println();
    out.println("sessions:");
    for (Tracked s : sessions) {
      out.printf(
          Locale.ROOT,
          "  %s %-22s %-15s %-9s polls %4d, failed %s, retry requests %d (2xx %d)%s%s%s%s%n",
          s.id,
          s.coach,
          s.file,
          s.lastStatus,
          s.polls,
          s.failures.isEmpty() ? "never" : s.failures.toString(),
          s.retries,
          s.retriesAccepted,
          s.processingSeconds > 0
              ? String.format(Locale.ROOT, ", processing %.1f s", s.processingSeconds)
              : "",
          s.resumedChunks == null || s.resumedChunks.isEmpty()
              ? ""
              : ", chunks transcribed again after an interruption (WER %) "
                  + s.resumedChunks.entrySet().stream()
                      .map(
                          e ->
                              e.getKey()
                                  + "="
                                  + String.format(Locale.ROOT, "%.1f", 100 * e.getValue()))
                      .collect(Collectors.joining(" ")),
          s.adopted ? ", adopted after an unanswered upload" : "",
          !s.stuckAtSettle
              ? ""
              : s.rescued
                  ? ", STUCK after the settle phase, run terminated for the rescue"
                  : ", STUCK after the settle phase");
    }
    out.println();
    out.println(
        "answers: status "
            + histogram(statusAnswers)
            + "; uploads "
            + histogram(uploadAnswers)
            + "; retries "
            + histogram(retryAnswers));
    out.printf(
        Locale.ROOT,
        "largest progress excess over the audio fraction: %.2f report " + "intervals (%s)%n",
        maxExcessIntervals,
        maxExcessWhere);
    long completed = soak.stream().filter(Tracked::completed).count();
    long stuckCount = soak.stream().filter(s -> s.stuckAtSettle).count();
    long rescuedCount = soak.stream().filter(s -> s.rescued).count();
    long rescuedDone = soak.stream().filter(s -> s.rescued && s.completed()).count();
    out.printf(
        Locale.ROOT,
        "stuck after the settle phase: %d (each a final-state violation: not clean even if the "
            + "rescue completes it); open runs terminated for the rescue: %d, completed after it: "
            + "%d%n",
        stuckCount,
        rescuedCount,
        rescuedDone);
    long retried = soak.stream().filter(s -> s.retries > 0).count();
    int retries = soak.stream().mapToInt(s -> s.retries).sum();
    long resumed =
        soak.stream().filter(s -> s.resumedChunks != null && !s.resumedChunks.isEmpty()).count();
    double worstWer =
        soak.stream()
            .filter(s -> s.resumedChunks != null)
            .flatMap(s -> s.resumedChunks.values().stream())
            .mapToDouble(Double::doubleValue)
            .max()
            .orElse(0);
    out.printf(
        Locale.ROOT,
        "uploads: %d, completed %d, retried after a failure %d (%d retries), "
            + "with chunks transcribed again after an interruption %d (worst chunk WER %.1f %%)%n",
        soak.size(),
        completed,
        retried,
        retries,
        resumed,
        100 * worstWer);
    out.println();
    List<Violation> all = new ArrayList<>(violations.values());
    all.sort((a, b) -> Double.compare(a.firstAt, b.firstAt));
    Map<String, List<Violation>> byInvariant =
        new TreeMap<>(all.stream().collect(Collectors.groupingBy(v -> v.invariant)));
    out.println("invariants checked (checks; violations: distinct / occurrences):");
    String[][] names = {
      {"monotone", "progress never goes back"},
      {
        "progress-bound",
        "progress <= audio fraction + one report interval of work + " + progressTolerance + " pp"
      },
      {"final-state", "every upload ends completed, exactly once"},
      {
        "transcript",
        "transcripts equal the baseline's (interrupted chunks: WER <= " + fmt(100 * werMax) + " %)"
      },
      {"http", "no 5xx but a JSON 503 during a database outage (+" + graceS + " s); no 4xx"},
      {"duplicate-session", "no session that no upload was answered with"},
      {
        "orphan-file",
        "no file in DATA_DIR/sessions/<id> without its session; no left-over " + "upload file"
      },
      {"engine-left-over", "no engine process left over"},
      {
        "hung-engine-killed",
        "a SIGSTOPped engine is killed by its worker within " + stallMaxS + " s"
      },
    };
    for (String[] name : names) {
      List<Violation> list = new ArrayList<>();
      if (name[0].equals("http")) {
        list.addAll(byInvariant.getOrDefault("http-5xx", List.of()));
        list.addAll(byInvariant.getOrDefault("http-4xx", List.of()));
      } else {
        list.addAll(byInvariant.getOrDefault(name[0], List.of()));
      }
      out.printf(
          Locale.ROOT,
          "  %-18s %-84s %7d checks; %d / %d%n",
          name[0],
          name[1],
          count(name[0], 0),
          list.size(),
          list.stream().mapToInt(v -> v.occurrences).sum());
    }
    out.println();
    if (all.isEmpty()) {
      out.println("violations: none");
    } else {
      out.println(
          "violations: "
              + all.size()
              + " ("
              + all.stream().mapToInt(v -> v.occurrences).sum()
              + " occurrences)");
      Set<String> sessionsWithViolations = new java.util.LinkedHashSet<>();
      for (var entry : byInvariant.entrySet()) {
        List<Violation> list = entry.getValue();
        out.println("  " + entry.getKey() + ": " + list.size());
        for (Violation v : list.subList(0, Math.min(list.size(), 10))) {
          out.printf(
              Locale.ROOT,
              "    +%.1f s %s %s%s%n",
              v.firstAt,
              clock(v.firstAt),
              v.session == null ? "" : "session " + v.session + " (" + v.what + "): ",
              v.first);
          if (v.occurrences > 1) {
            out.printf(
                Locale.ROOT,
                "      %d occurrences until +%.1f s; worst at +%.1f s %s: %s%n",
                v.occurrences,
                v.lastAt,
                v.worstAt,
                clock(v.worstAt),
                v.worstDetail);
          }
          if (v.session != null) {
            sessionsWithViolations.add(v.session);
          }
        }
        if (list.size() > 10) {
          out.println(
              "    ... and "
                  + (list.size() - 10)
                  + " more of this kind (all in "
                  + work.resolve("violations.txt")
                  + ")");
        }
      }
      out.println();
      out.println(
          "log lines of the sessions above (last lines that name them, request log "
              + "left out; all logs in "
              + logDir
              + "):");
      for (String session : sessionsWithViolations) {
        out.println("  " + session + ":");
        for (String line : logLines(session, 4)) {
          out.println("    | " + line);
        }
      }
    }
    try (PrintStream file =
        new PrintStream(Files.newOutputStream(work.resolve("violations.txt")), true, "UTF-8")) {
      for (Violation v : all) {
        file.printf(
            Locale.ROOT,
            "+%.1f s %s [%s] %s (%d occurrences) %s%s%n",
            v.firstAt,
            clock(v.firstAt),
            v.invariant,
            v.session == null ? "" : v.session,
            v.occurrences,
            v.first,
            v.occurrences > 1 ? " | worst: " + v.worstDetail : "");
      }
    }
    out.println();
    Map<String, Integer> perInvariant = new TreeMap<>();
    byInvariant.forEach((k, v) -> perInvariant.put(k, v.size()));
    out.printf(
        Locale.ROOT,
        "RESULT seed=%d duration=%d uploads=%d completed=%d faults=%d "
            + "kill_worker=%d kill_api=%d cut_db=%d stall_engine=%d stuck=%d rescued_completed=%d "
            + "retries=%d resumed_sessions=%d "
            + "worst_chunk_wer_pct=%.1f max_excess_intervals=%.2f status_polls=%d violations=%d%s%n",
        seed,
        durationS,
        soak.size(),
        completed,
        faults.size(),
        byType.getOrDefault("kill-worker", 0L),
        byType.getOrDefault("kill-api", 0L),
        byType.getOrDefault("cut-db", 0L),
        byType.getOrDefault("stall-engine", 0L),
        stuckCount,
        rescuedDone,
        retries,
        resumed,
        100 * worstWer,
        maxExcessIntervals,
        count("monotone", 0),
        all.size(),
        perInvariant.entrySet().stream()
            .map(e -> " " + e.getKey().replace('-', '_') + "=" + e.getValue())
            .collect(Collectors.joining()));
  }

  /**
   * The last application log lines (not request-log lines) of every process that name the session,
   * at most {@code perProcess} of each.
   */
  private List<String> logLines(String sessionId, int perProcess) {
    Pattern stamp = Pattern.compile("\\[(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d+)\\]");
    TreeMap<String, String> lines = new TreeMap<>();
    for (ChaosApp app : apps) {
      try {
        List<String> matching =
            Files.readAllLines(app.log(), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains(sessionId) && LOG_EVENT.matcher(l).find())
                .toList();
        int k = 0;
        for (String l :
            matching.subList(Math.max(0, matching.size() - perProcess), matching.size())) {
          Matcher m = stamp.matcher(l);
          lines.put(
              (m.find() ? m.group(1) : "") + " " + app.name() + " " + k++,
              app.name() + ": " + abbreviate(l, 240));
        }
      } catch (IOException | UncheckedIOException e) {
        // unreadable log
      }
    }
    return new ArrayList<>(lines.values());
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** A violation that is not expected to repeat (each detail counts on its own). */
  private void violation(String invariant, Tracked s, String detail) {
    violation(invariant, s, detail, 0, detail);
  }

  private void violationById(String invariant, String session, String detail) {
    Tracked s =
        session == null
            ? null
            : sessions.stream().filter(x -> x.id.equals(session)).findFirst().orElse(null);
    violation(invariant, s, detail, 0, detail);
  }

  /**
   * @param kind what makes two occurrences the same violation (with the invariant and session)
   * @param severity the occurrence with the largest one is kept as the worst
   */
  private void violation(String invariant, Tracked s, String kind, double severity, String detail) {
    String session = s == null ? null : s.id;
    double at = t();
    Violation v =
        violations.computeIfAbsent(
            invariant + "|" + session + "|" + kind,
            k -> {
              log(
                  "VIOLATION "
                      + invariant
                      + (session == null ? "" : " session " + session)
                      + ": "
                      + abbreviate(detail, 400));
              return new Violation(
                  invariant, session, s == null ? "" : s.coach + ", " + s.file, at, detail);
            });
    synchronized (v) {
      v.occurrences++;
      v.lastAt = at;
      if (severity > v.worst) {
        v.worst = severity;
        v.worstAt = at;
        v.worstDetail = detail;
      }
    }
  }

  private long count(String name, long add) {
    return checks.computeIfAbsent(name, k -> new AtomicLong()).addAndGet(add);
  }

  private static void bump(Map<String, AtomicLong> histogram, String key) {
    histogram.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  private static String histogram(Map<String, AtomicLong> histogram) {
    return new TreeMap<>(histogram).toString();
  }

  private double t() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private String clock(double at) {
    return CLOCK.format(startedAt.plusMillis((long) (at * 1000)));
  }

  private void sleepUntil(double at) throws InterruptedException {
    double wait = at - t();
    if (wait > 0) {
      Thread.sleep((long) (wait * 1000));
    }
  }

  private void log(String message) {
    System.err.printf(Locale.ROOT, "[chaos +%.1fs %s] %s%n", t(), clock(t()), message);
  }

  private Runnable guard(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        log("background task failed: " + e);
      }
    };
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static JsonNode tree(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isJsonObject(String body) {
    try {
      return body != null && JSON.readTree(body).isObject();
    } catch (IOException e) {
      return false;
    }
  }

  private static Instant instant(JsonNode node) {
    return node == null || node.isNull() || node.isMissingNode()
        ? null
        : Instant.parse(node.asText());
  }

  private static String compact(JsonNode answer) {
    StringBuilder b = new StringBuilder("{");
    for (String f :
        List.of(
            "status",
            "progress",
            "duration_processed",
            "duration_total",
            "attempt",
            "pace",
            "stalled",
            "message",
            "started_at",
            "updated_at")) {
      if (answer.has(f)) {
        b.append(f).append('=').append(answer.get(f).asText()).append(' ');
      }
    }
    if (answer.path("error").isObject()) {
      b.append("error=").append(answer.path("error").path("code").asText());
    }
    return b.toString().trim() + "}";
  }

  private static String abbreviate(String s) {
    return abbreviate(s, 300);
  }

  private static String abbreviate(String s, int max) {
    String one = s == null ? "" : s.replace('\n', ' ');
    return one.length() <= max ? one : one.substring(0, max) + "...";
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    if (value == null || value.isBlank()) {
      if (fallback == null) {
        throw new IllegalStateException(name + " must be set");
      }
      return fallback;
    }
    return value.trim();
  }

  private static java.util.concurrent.ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread thread = new Thread(r, prefix + "-" + n.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** Stops everything this driver started; safe to call twice (also the shutdown hook). */
  private void shutdown() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    ticker.shutdownNow();
    Stall s = stall;
    if (s != null && !s.done) {
      signal("CONT", s.engine.pid());
    }
    for (ChaosApp app : apps) {
      app.kill();
    }
    proxy.close();
    background.shutdownNow();
    if (polls != null) {
      polls.close();
    }
  }

  // ---- records ---------------------------------------------------------------------------------

  /** One upload and what the driver saw of it. */
  private static final class Tracked {
    final String id;
    final String coach;
    final String file;
    final boolean baseline;
    final double uploadedAt;
    final int uploadAttempts;
    final boolean adopted;
    final AtomicBoolean inFlight = new AtomicBoolean();
    final List<String> failures = new ArrayList<>();
    volatile boolean retryInFlight;
    double lastRetryAt = -1e9;

    /** Retry requests sent, and those answered 2xx (a 503 answer may still have retried it). */
    int retries;

    int retriesAccepted;
    int polls;
    double maxProgress = -1;
    double maxProgressAt;
    String maxProgressStatus;
    volatile double completedAt = -1;
    double processingSeconds;
    volatile String lastStatus;
    String lastSignature;
    volatile double lastChangeAt;
    volatile JsonNode lastAnswer;
    double lastAnswerAt;
    boolean permanentReported;
    boolean stuckAtSettle;
    boolean rescued;
    List<String> history;
    Map<Integer, Double> resumedChunks;

    Tracked(
        String id,
        String coach,
        String file,
        boolean baseline,
        double uploadedAt,
        int uploadAttempts,
        boolean adopted) {
      this.id = id;
      this.coach = coach;
      this.file = file;
      this.baseline = baseline;
      this.uploadedAt = uploadedAt;
      this.uploadAttempts = uploadAttempts;
      this.adopted = adopted;
    }

    boolean completed() {
      return "completed".equals(lastStatus);
    }
  }

  private static final class Fault {
    final double at;
    final String type;
    volatile String detail;

    Fault(double at, String type, String detail) {
      this.at = at;
      this.type = type;
      this.detail = detail;
    }
  }

  /** Exits in a row of one process, for the restart backoff. */
  private static final class Restarts {
    double exitSeenAt = -1;
    double lastStartAt = -1e9;
    int inARow;

    int delay() {
      return 1 << Math.min(5, inARow);
    }
  }

  private static final class Stall {
    final double at;
    final ChaosApp worker;
    final ProcessHandle engine;
    final List<String> sessionIds;
    volatile List<Integer> chunks;
    volatile String outcome;
    volatile boolean done;
    Fault fault;

    Stall(double at, ChaosApp worker, ProcessHandle engine, List<String> sessionIds) {
      this.at = at;
      this.worker = worker;
      this.engine = engine;
      this.sessionIds = sessionIds;
    }
  }

  /**
   * One violated invariant for one session (or none) and one kind of problem: repeated occurrences
   * (a status answer seen on every poll) are counted, and the worst one is kept.
   */
  private static final class Violation {
    final String invariant;
    final String session;
    final String what;
    final double firstAt;
    final String first;
    double lastAt;
    int occurrences;
    double worst = Double.NEGATIVE_INFINITY;
    double worstAt;
    String worstDetail;

    Violation(String invariant, String session, String what, double at, String detail) {
      this.invariant = invariant;
      this.session = session;
      this.what = what;
      this.firstAt = at;
      this.first = detail;
    }
  }

  private record EngineSeen(long pid, Instant start, String worker, double firstSeen) {}

  private record Baseline(
      String file, List<double[]> plan, List<List<String>> words, double processingSeconds) {}
}
