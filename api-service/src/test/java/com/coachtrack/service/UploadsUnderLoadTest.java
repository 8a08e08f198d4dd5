package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many slow uploads at once cannot starve status polls: with the default limits (16 uploads in
 * progress per process, 2 per coach) 70 uploads trickling at 1 KB/s hold at most 16 of the 64
 * request threads, the rest are refused before their body is read, and polls stay fast throughout.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class UploadsUnderLoadTest {
  private static final int UPLOADS = 70;
  private static final int MAX_IN_PROGRESS = 16;
  private static final int MAX_PER_COACH = 2;

  // Default upload limits and the 64 request threads of local.yml and production.yml (test.yml
  // keeps Dropwizard's 1,024, with which nothing would starve). No worker, so no transcription
  // competes for the two cores; the status rate limit is raised because one test client polls far
  // faster than a browser would.
  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app(
          "auto",
          ConfigOverride.config("server.maxThreads", "64"),
          ConfigOverride.config("worker.enabled", "false"),
          ConfigOverride.config("status.requestsPerSecondPerCoach", "10000"));

  @Test
  void seventyTricklingUploadsLeaveStatusPollsFast() throws Exception {
    assertThat(APP.getConfiguration().getUploads().getMaxInProgress()).isEqualTo(MAX_IN_PROGRESS);
    assertThat(APP.getConfiguration().getUploads().getMaxInProgressPerCoach())
        .isEqualTo(MAX_PER_COACH);
    ApiClient api = new ApiClient(APP.getLocalPort());
    HttpResponse<String> created =
        api.upload("coach-polling", TestApps.audio("librivox.wav"), "librivox.wav", null);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = ApiClient.json(created).get("session_id").asText();
    String statusPath = "/api/v1/sessions/" + id + "/status";
    for (int i = 0; i < 50; i++) {
      api.get(statusPath, "coach-polling"); // warm-up, not measured
    }

    AtomicBoolean polling = new AtomicBoolean(true);
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger notOk = new AtomicInteger();
    ExecutorService pollers = Executors.newFixedThreadPool(2);
    List<Future<?>> pollLoops = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      pollLoops.add(
          pollers.submit(
              () -> {
                while (polling.get()) {
                  long start = System.nanoTime();
                  HttpResponse<String> answer = api.get(statusPath, "coach-polling");
                  latencies.add(System.nanoTime() - start);
                  if (answer.statusCode() != 200) {
                    notOk.incrementAndGet();
                  }
                  ApiClient.sleep(40);
                }
              }));
    }

    List<RawUpload> open = new ArrayList<>();
    List<RawResponse> refused = new ArrayList<>();
    int maxBusyThreads = 0;
    try {
      MultipartForm form = new MultipartForm();
      // A coach with two uploads in progress is at the per-coach limit...
      for (int i = 0; i < MAX_PER_COACH; i++) {
        open.add(startTrickle("coach-eager", form));
      }
      awaitInProgress(MAX_PER_COACH);
      // ...then 70 more from 70 coaches: 14 fill the process, 56 are turned away.
      for (int i = 0; i < UPLOADS; i++) {
        open.add(startTrickle("coach-" + i, form));
      }
      RawUpload third = startTrickle("coach-eager", form);
      RawResponse perCoach = third.response(Duration.ofSeconds(30));
      third.close();

      // Trickle at about 1 KB/s each (100 bytes every 100 ms) for 15 s while the polls run.
      long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
      while (System.nanoTime() < until) {
        for (RawUpload upload : new ArrayList<>(open)) {
          if (!upload.send(new byte[100])) {
            refused.add(upload.response(Duration.ofSeconds(10)));
            upload.close();
            open.remove(upload);
          }
        }
        maxBusyThreads = Math.max(maxBusyThreads, busyThreads());
        ApiClient.sleep(100);
      }
      int inProgress = uploadsInProgress();
      polling.set(false);
      for (Future<?> loop : pollLoops) {
        loop.get();
      }

      assertThat(perCoach.status()).as(perCoach.body()).isEqualTo(429);
      assertThat(perCoach.error()).isEqualTo("too_many_uploads");
      assertThat(perCoach.header("Retry-After")).hasValue("30");
      assertThat(refused).hasSize(MAX_PER_COACH + UPLOADS - MAX_IN_PROGRESS);
      assertThat(refused)
          .allSatisfy(
              r -> {
                assertThat(r.status()).as(r.body()).isEqualTo(503);
                assertThat(r.error()).isEqualTo("uploads_busy");
                assertThat(r.header("Retry-After")).hasValue("30");
                assertThat(r.header("Content-Type"))
                    .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
              });
      assertThat(open).hasSize(MAX_IN_PROGRESS);
      assertThat(inProgress).as("the uploads.in-progress gauge").isEqualTo(MAX_IN_PROGRESS);

      List<Long> sorted = new ArrayList<>(latencies);
      Collections.sort(sorted);
      double p50 = sorted.get(sorted.size() / 2) / 1e6;
      double p99 = sorted.get((int) Math.ceil(sorted.size() * 0.99) - 1) / 1e6;
      double max = sorted.get(sorted.size() - 1) / 1e6;
      System.out.printf(
          Locale.ROOT,
          "UploadsUnderLoadTest: %d polls while %d uploads trickled (%d refused): p50 %.1f ms,"
              + " p99 %.1f ms, max %.1f ms; busy request threads at most %d%n",
          sorted.size(),
          open.size(),
          refused.size() + 1,
          p50,
          p99,
          max,
          maxBusyThreads);
      assertThat(notOk).as("polls not answered 200").hasValue(0);
      assertThat(sorted.size()).as("polls measured").isGreaterThanOrEqualTo(200);
      assertThat(p99).as("poll p99 in ms").isLessThan(100);
    } finally {
      polling.set(false);
      pollers.shutdownNow();
      for (RawUpload upload : open) {
        upload.close();
      }
    }

    // Uploads cut off by their client give their place back and leave no partial file.
    awaitInProgress(0);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Leftovers.of(APP).partialUploads() > 0 && System.nanoTime() < deadline) {
      ApiClient.sleep(100);
    }
    assertThat(Leftovers.of(APP).partialUploads()).isZero();
    assertThat(Leftovers.of(APP).sessionRows()).isEqualTo(1);
  }

  private static RawUpload startTrickle(String coach, MultipartForm form) throws IOException {
    // Declares 10 MB, which at 1 KB/s would take almost three hours to arrive.
    RawUpload upload =
        RawUpload.start(APP.getLocalPort(), coach, form.contentType(), 10 * 1024 * 1024);
    upload.send(form.openFile("audio", "trickle.mp3"));
    return upload;
  }

  private static int uploadsInProgress() {
    return (Integer)
        APP.getEnvironment().metrics().getGauges().get("uploads.in-progress").getValue();
  }

  private static int busyThreads() {
    ThreadPool pool = APP.getEnvironment().getApplicationContext().getServer().getThreadPool();
    return pool instanceof org.eclipse.jetty.util.thread.QueuedThreadPool queued
        ? queued.getBusyThreads()
        : -1;
  }

  private static void awaitInProgress(int expected) {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (uploadsInProgress() != expected && System.nanoTime() < deadline) {
      ApiClient.sleep(20);
    }
    assertThat(uploadsInProgress()).as("uploads in progress").isEqualTo(expected);
  }
}
