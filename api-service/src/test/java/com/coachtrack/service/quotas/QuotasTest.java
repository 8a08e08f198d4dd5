package com.coachtrack.service.quotas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.coachtrack.store.TestDatabase;
import com.coachtrack.store.UsageDao;
import com.codahale.metrics.Meter;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The monthly audio ledger against a real PostgreSQL: atomic, given back, and per month. */
class QuotasTest {
  private static final Instant NOW = Instant.parse("2026-12-31T23:59:00Z");
  private static TestDatabase db;
  private final Meter refusals = new Meter();

  @BeforeAll
  static void startDatabase() throws Exception {
    db = new TestDatabase();
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    db.close();
  }

  private Quotas quotas(Double maxAudioSeconds, Instant at) {
    return new Quotas(db.jdbi, null, maxAudioSeconds, Clock.fixed(at, ZoneOffset.UTC), refusals);
  }

  @Test
  void concurrentUploadsCannotTogetherPassTheMonthlyQuota() throws Exception {
    Quotas quotas = quotas(100.0, NOW);
    ExecutorService pool = Executors.newFixedThreadPool(10);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<Boolean>> outcomes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      outcomes.add(
          pool.submit(
              () -> {
                start.await();
                try {
                  quotas.reserve("coach-race", 1000, 30);
                  return true;
                } catch (QuotaExceededException e) {
                  return false;
                }
              }));
    }
    start.countDown();
    int accepted = 0;
    for (Future<Boolean> outcome : outcomes) {
      accepted += outcome.get() ? 1 : 0;
    }
    pool.shutdown();

    assertThat(accepted).isEqualTo(3);
    assertThat(used("coach-race", NOW)).isEqualTo(90.0);
    assertThat(refusals.getCount()).isEqualTo(7);
  }

  @Test
  void aReleasedReservationGivesItsAudioBack() {
    Quotas quotas = quotas(100.0, NOW);
    Reservation reserved = quotas.reserve("coach-release", 1000, 80);

    quotas.release(reserved);

    assertThat(used("coach-release", NOW)).isZero();
    quotas.reserve("coach-release", 1000, 80);
  }

  @Test
  void aCoachAtTheQuotaIsRefusedBeforeTheBodyIsReadUntilTheMonthTurns() {
    quotas(60.0, NOW).reserve("coach-full", 1000, 60);

    QuotaExceededException refused =
        catchThrowableOfType(
            () -> quotas(60.0, NOW).checkBeforeUpload("coach-full", -1),
            QuotaExceededException.class);

    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.quota().requested()).isNull();
    assertThat(refused.quota().resetsAt()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(refused.retryAfterSeconds()).isEqualTo(60);
    Instant nextMonth = Instant.parse("2027-01-01T00:00:01Z");
    quotas(60.0, nextMonth).checkBeforeUpload("coach-full", -1);
    quotas(60.0, nextMonth).reserve("coach-full", 1000, 60);
  }

  @Test
  void withoutAQuotaTheMonthIsStillCounted() {
    quotas(null, NOW).reserve("coach-free", 1000, 7_200);
    quotas(null, NOW).reserve("coach-free", 1000, 7_200);

    assertThat(used("coach-free", NOW)).isEqualTo(14_400.0);
    assertThat(refusals.getCount()).isZero();
  }

  private static double used(String coach, Instant at) {
    LocalDate month = LocalDate.ofInstant(at, ZoneOffset.UTC).withDayOfMonth(1);
    return db.jdbi.withExtension(UsageDao.class, dao -> dao.audioSeconds(coach, month));
  }
}
