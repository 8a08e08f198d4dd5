package com.coachtrack.service.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coachtrack.service.auth.Coach;
import com.coachtrack.service.errors.ApiException;
import com.coachtrack.workflows.status.SessionStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StatusCacheTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final StatusCache cache =
      new StatusCache(Duration.ofSeconds(1), Duration.ofMinutes(1), nanos::get);
  private static final Coach COACH_A = new Coach("coach-a", "A", null, false, Coach.Via.TOKEN);
  private static final Coach COACH_B = new Coach("coach-b", "B", null, false, Coach.Via.TOKEN);
  private static final Coach OPERATOR = new Coach("op", "Op", null, true, Coach.Via.SESSION);
  private final UUID id = UUID.randomUUID();
  private final AtomicInteger loads = new AtomicInteger();

  private Function<UUID, CachedStatus> loader(SessionStatus status) {
    return sessionId -> {
      int n = loads.incrementAndGet();
      return new CachedStatus(
          sessionId,
          "coach-a",
          status,
          n,
          ("answer " + n).getBytes(StandardCharsets.UTF_8),
          "tag" + n);
    };
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }

  @Test
  void aLiveSessionIsReadAgainAfterOneSecond() {
    assertThat(cache.get(id, COACH_A, loader(SessionStatus.PROCESSING)).entityTag())
        .isEqualTo("tag1");
    advance(Duration.ofMillis(900));
    assertThat(cache.get(id, COACH_A, loader(SessionStatus.PROCESSING)).entityTag())
        .isEqualTo("tag1");
    advance(Duration.ofMillis(200));
    assertThat(cache.get(id, COACH_A, loader(SessionStatus.PROCESSING)).entityTag())
        .isEqualTo("tag2");
    assertThat(loads).hasValue(2);
  }

  @Test
  void pendingAndFailedSessionsCanStillChangeSoTheyAreKeptOnlyBriefly() {
    for (SessionStatus status : new SessionStatus[] {SessionStatus.PENDING, SessionStatus.FAILED}) {
      UUID session = UUID.randomUUID();
      cache.get(session, COACH_A, loader(status));
      advance(Duration.ofMillis(1_100));
      cache.get(session, COACH_A, loader(status));
    }
    assertThat(loads).hasValue(4);
  }

  @Test
  void completedAndCancelledSessionsNeverChangeSoTheyAreKeptForAMinute() {
    UUID cancelled = UUID.randomUUID();
    cache.get(id, COACH_A, loader(SessionStatus.COMPLETED));
    cache.get(cancelled, COACH_A, loader(SessionStatus.CANCELLED));
    advance(Duration.ofSeconds(59));
    cache.get(id, COACH_A, loader(SessionStatus.COMPLETED));
    cache.get(cancelled, COACH_A, loader(SessionStatus.CANCELLED));
    assertThat(loads).hasValue(2);
    advance(Duration.ofSeconds(2));
    cache.get(id, COACH_A, loader(SessionStatus.COMPLETED));
    assertThat(loads).hasValue(3);
  }

  @Test
  void invalidatingMakesTheNextReadGoToTheDatabase() {
    cache.get(id, COACH_A, loader(SessionStatus.FAILED));
    cache.invalidate(id);
    assertThat(cache.get(id, COACH_A, loader(SessionStatus.PENDING)).status())
        .isEqualTo(SessionStatus.PENDING);
    assertThat(loads).hasValue(2);
  }

  @Test
  void anotherCoachNeverSeesACachedAnswer() {
    cache.get(id, COACH_A, loader(SessionStatus.COMPLETED));
    assertThatThrownBy(() -> cache.get(id, COACH_B, loader(SessionStatus.COMPLETED)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
    assertThat(loads).hasValue(1);
  }

  @Test
  void anOperatorSeesAnyCoachsCachedAnswer() {
    cache.get(id, COACH_A, loader(SessionStatus.COMPLETED));
    assertThat(cache.get(id, OPERATOR, loader(SessionStatus.COMPLETED)).coachId())
        .isEqualTo("coach-a");
    assertThat(loads).hasValue(1);
  }

  @Test
  void aFailedLoadCachesNothing() {
    assertThatThrownBy(
            () ->
                cache.get(
                    id,
                    COACH_B,
                    sessionId -> {
                      loads.incrementAndGet();
                      throw ApiException.notFound();
                    }))
        .isInstanceOf(ApiException.class);
    assertThat(cache.get(id, COACH_A, loader(SessionStatus.PROCESSING)).coachId())
        .isEqualTo("coach-a");
    assertThat(loads).hasValue(2);
  }

  @Test
  void concurrentMissesForOneSessionWaitForASingleRead() throws Exception {
    CountDownLatch loading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Function<UUID, CachedStatus> slowLoad =
        sessionId -> {
          loads.incrementAndGet();
          loading.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return new CachedStatus(
              sessionId, "coach-a", SessionStatus.PROCESSING, 1, new byte[0], "only");
        };
    ExecutorService pollers = Executors.newFixedThreadPool(8);
    try {
      Future<CachedStatus> first = pollers.submit(() -> cache.get(id, COACH_A, slowLoad));
      assertThat(loading.await(10, TimeUnit.SECONDS)).isTrue();
      List<Future<CachedStatus>> others = new ArrayList<>();
      for (int i = 0; i < 7; i++) {
        others.add(pollers.submit(() -> cache.get(id, COACH_A, slowLoad)));
      }
      release.countDown();
      assertThat(first.get(10, TimeUnit.SECONDS).entityTag()).isEqualTo("only");
      for (Future<CachedStatus> other : others) {
        assertThat(other.get(10, TimeUnit.SECONDS).entityTag()).isEqualTo("only");
      }
      assertThat(loads).hasValue(1);
    } finally {
      pollers.shutdownNow();
    }
  }
}
