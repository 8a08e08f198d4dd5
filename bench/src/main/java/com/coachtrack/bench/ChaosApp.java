package com.coachtrack.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One app process of {@code bench/chaos} ({@code ROLE=api} or {@code ROLE=worker}): {@code java
 * -jar api-service.jar server local.yml} with environment variables, as an operator runs it. Its
 * output is appended to {@code logs/NAME.log} (each start begins with a marker line), its pid to
 * {@code pids/NAME} so that the script's cleanup can find it even if the driver dies.
 */
final class ChaosApp {
  private final String name;
  private final List<String> command;
  private final Map<String, String> env;
  private final Path workDir;
  private final Path log;
  private final Path pidFile;
  private final int adminPort;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<Long> pids = new java.util.concurrent.CopyOnWriteArrayList<>();
  private Process process;
  private int starts;

  /** Whether the process should be running; false while a fault holds it down, or at the end. */
  private volatile boolean wanted;

  ChaosApp(
      String name,
      List<String> command,
      Map<String, String> env,
      Path workDir,
      Path logDir,
      Path pidDir,
      int adminPort) {
    this.name = name;
    this.command = List.copyOf(command);
    this.env = Map.copyOf(env);
    this.workDir = workDir;
    this.log = logDir.resolve(name + ".log");
    this.pidFile = pidDir.resolve(name);
    this.adminPort = adminPort;
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  /** Every pid this process had, one per start. */
  List<Long> pids() {
    return pids;
  }

  int adminPort() {
    return adminPort;
  }

  boolean wanted() {
    return wanted;
  }

  synchronized int starts() {
    return starts;
  }

  synchronized void start(String why) {
    wanted = true;
    if (process != null && process.isAlive()) {
      return;
    }
    starts++;
    try {
      Files.writeString(
          log,
          "=== chaos: start #"
              + starts
              + " of "
              + name
              + " at "
              + Instant.now()
              + " ("
              + why
              + ")\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(env);
      process = builder.start();
      pids.add(process.pid());
      Files.writeString(pidFile, Long.toString(process.pid()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** SIGKILL, as a crash or a lost machine would: no shutdown hooks; children are left alone. */
  synchronized Optional<Long> kill() {
    wanted = false;
    if (process == null || !process.isAlive()) {
      return Optional.empty();
    }
    long pid = process.pid();
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.of(pid);
  }

  /** SIGTERM (a clean stop), then SIGKILL after the grace period. */
  synchronized void stop(Duration grace) {
    wanted = false;
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  synchronized boolean alive() {
    return process != null && process.isAlive();
  }

  synchronized Optional<ProcessHandle> handle() {
    return process == null || !process.isAlive()
        ? Optional.empty()
        : Optional.of(process.toHandle());
  }

  /** The exit code when the process has exited (by itself or killed), else empty. */
  synchronized Optional<Integer> exitCode() {
    return process == null || process.isAlive()
        ? Optional.empty()
        : Optional.of(process.exitValue());
  }

  boolean healthy() {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/healthcheck"))
                  .timeout(Duration.ofSeconds(5))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The {@code pocketsphinx_continuous} processes this process started and that still run. */
  List<ProcessHandle> engines() {
    List<ProcessHandle> engines = new ArrayList<>();
    handle()
        .ifPresent(
            h ->
                h.descendants()
                    .filter(ChaosApp::isEngine)
                    .filter(ProcessHandle::isAlive)
                    .forEach(engines::add));
    return engines;
  }

  static boolean isEngine(ProcessHandle handle) {
    return handle.info().command().map(c -> c.endsWith("/pocketsphinx_continuous")).orElse(false);
  }
}
