package com.coachtrack.service.engines;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.activities.engine.OpenAiEngine;
import com.coachtrack.activities.engine.OpenAiSettings;
import com.coachtrack.activities.engine.SpeechEngine;
import com.coachtrack.activities.testing.SettableClock;
import com.coachtrack.activities.transcribe.HungEngines;
import com.coachtrack.service.api.EngineList;
import com.coachtrack.service.api.EngineView;
import com.coachtrack.service.status.SpeedPriors;
import com.coachtrack.store.SessionProgress;
import com.coachtrack.store.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What GET /api/v1/engines says about availability, from the workers' reports in a real PostgreSQL:
 * an engine is available while a worker that runs it reported within 90 s.
 */
class EngineAvailabilityTest {
  private static TestDatabase db;
  private final SettableClock clock = new SettableClock(Instant.parse("2026-12-01T10:00:00Z"));
  private final EngineCatalog catalog =
      EngineCatalog.of("openai", List.of("openai", "whisper"), false);
  private final EngineViews views =
      new EngineViews(catalog, new SpeedPriors(db.jdbi, clock), db.jdbi, clock, 2);

  @BeforeAll
  static void startDatabase() throws Exception {
    db = new TestDatabase();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    db.close();
  }

  @BeforeEach
  void noWorkers() {
    db.jdbi.useHandle(h -> h.execute("DELETE FROM engine_worker"));
  }

  private EnginePresence worker(Map<String, SpeechEngine> engines) {
    return new EnginePresence(db.jdbi, clock, engines, new HungEngines(clock));
  }

  private static SpeechEngine openai() {
    return new OpenAiEngine(OpenAiSettings.at("http://127.0.0.1:9"));
  }

  @Test
  void withoutAWorkerEveryEngineIsListedUnavailableWithItsShippedSpeed() {
    EngineList list = views.list();

    assertThat(list.defaultEngine()).isEqualTo("openai");
    assertThat(list.engines()).extracting(EngineView::name).containsExactly("openai", "whisper");
    for (EngineView view : list.engines()) {
      assertThat(view.available()).isFalse();
      assertThat(view.workers()).isZero();
      assertThat(view.problem()).isEqualTo(EngineViews.NO_WORKER);
      assertThat(view.speedSamples()).isZero();
      assertThat(view.secondsPerAudioSecond())
          .isEqualTo(SessionProgress.shippedPrior(view.name(), 2));
    }
    assertThat(list.engines().get(0).isDefault()).isTrue();
    assertThat(list.engines().get(1).isDefault()).isFalse();
  }

  @Test
  void aReportingWorkerMakesItsEngineAvailableUntilItsReportsAre90SecondsOld() {
    EnginePresence worker = worker(Map.of("openai", openai()));
    worker.report();

    EngineView openai = views.list().engines().get(0);
    assertThat(openai.available()).isTrue();
    assertThat(openai.workers()).isEqualTo(1);
    assertThat(openai.problem()).isNull();
    assertThat(views.list().engines().get(1).available())
        .as("whisper: no worker runs it")
        .isFalse();

    clock.advance(Duration.ofSeconds(89));
    assertThat(views.list().engines().get(0).available()).isTrue();
    clock.advance(Duration.ofSeconds(2));
    assertThat(views.list().engines().get(0).available()).as("three reports missed").isFalse();
    assertThat(views.list().engines().get(0).problem()).isEqualTo(EngineViews.NO_WORKER);

    worker.report();
    assertThat(views.list().engines().get(0).available()).isTrue();
  }

  @Test
  void aStoppingWorkerWithdrawsItsEnginesAtOnce() throws Exception {
    EnginePresence worker = worker(Map.of("openai", openai()));
    worker.start();
    try {
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (!views.list().engines().get(0).available() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(views.list().engines().get(0).available()).as("the first report").isTrue();
    } finally {
      worker.stop();
    }

    assertThat(views.list().engines().get(0).available()).isFalse();
    assertThat(views.list().engines().get(0).workers()).isZero();
  }

  @Test
  void reportsOfWorkersGoneForADayAreForgotten() {
    worker(Map.of("openai", openai())).report();
    clock.advance(EnginePresence.FORGET_AFTER.plusMinutes(1));

    // A report under another name (only the name is reported, not the engine object).
    worker(Map.of("whisper", openai())).report();

    List<String> reported =
        db.jdbi.withHandle(
            h -> h.select("SELECT engine FROM engine_worker").mapTo(String.class).list());
    assertThat(reported).containsExactly("whisper");
  }
}
