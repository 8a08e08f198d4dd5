package com.coachtrack.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service as its own operating-system process (the jar's main class on the test class path,
 * with config/local.yml and environment variables, exactly as an operator runs it), so that a test
 * can kill it with SIGKILL the way a crash or a lost machine would.
 */
public final class ServiceProcess {
  private final Process process;
  private final Path log;
  private final int port;
  private final int adminPort;

  private ServiceProcess(Process process, Path log, int port, int adminPort) {
    this.process = process;
    this.log = log;
    this.port = port;
    this.adminPort = adminPort;
  }

  /**
   * Starts the service with {@code env} on top of the test JVM's environment; DATABASE_URL and
   * TEMPORAL_ADDRESS are cleared first, so without them it starts its embedded database and
   * Temporal.
   */
  public static ServiceProcess start(Map<String, String> env, int port, int adminPort, Path log) {
    Path config = Paths.get("..", "config", "local.yml").toAbsolutePath().normalize();
    ProcessBuilder builder =
        new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                TranscriptionApplication.class.getName(),
                "server",
                config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Map<String, String> environment = builder.environment();
    environment.remove("DATABASE_URL");
    environment.remove("TEMPORAL_ADDRESS");
    environment.put("PORT", Integer.toString(port));
    environment.put("ADMIN_PORT", Integer.toString(adminPort));
    environment.put("TEMPORAL_EMBEDDED_PORT", "0");
    environment.put("AUTH_MODE", "header");
    environment.put("TRUSTED_PROXY_CIDRS", "127.0.0.1/32,::1/128");
    environment.put("PROXY_SECRET", ApiClient.PROXY_SECRET);
    environment.putAll(env);
    try {
      return new ServiceProcess(builder.start(), log, port, adminPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** Waits until the admin port's health check answers 200. */
  public ServiceProcess awaitHealthy() {
    long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
    ApiClient admin = new ApiClient(adminPort);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("service exited with " + process.exitValue() + "; see " + log);
      }
      try {
        if (admin.get("/healthcheck", null).statusCode() == 200) {
          return this;
        }
      } catch (RuntimeException notYet) {
        // still starting
      }
      ApiClient.sleep(500);
    }
    throw new AssertionError("service did not become healthy; see " + log);
  }

  /** SIGTERM, as an operator's stop or a container runtime would; waits for the exit. */
  public int terminate() {
    process.destroy();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("service did not stop within 60 s of SIGTERM; see " + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return process.exitValue();
  }

  /** SIGKILL, as a crash would: no shutdown hooks; its engine processes go with it. */
  public void kill() {
    kill(process.toHandle());
  }

  public static void kill(ProcessHandle handle) {
    handle.descendants().forEach(ProcessHandle::destroyForcibly);
    handle.destroyForcibly();
    handle.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
