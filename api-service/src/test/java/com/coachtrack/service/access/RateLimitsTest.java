package com.coachtrack.service.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coachtrack.service.errors.ApiException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
  private final AtomicLong nanos = new AtomicLong();
  private final RateLimits limits = new RateLimits(20, nanos::get);

  private int taken(Budget budget, String caller, int tries) {
    int taken = 0;
    for (int i = 0; i < tries; i++) {
      if (limits.tryAcquire(budget, caller)) {
        taken++;
      }
    }
    return taken;
  }

  @Test
  void aBurstOfTwiceTheRateThenTheRate() {
    assertThat(taken(Budget.WRITE, "coach:a", 100)).isEqualTo(10);
    nanos.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(taken(Budget.WRITE, "coach:a", 100)).isEqualTo(5);
    assertThat(taken(Budget.STATUS, "coach:a", 100)).as("the configured status rate").isEqualTo(40);
  }

  @Test
  void callersAndBudgetsAreCountedApart() {
    taken(Budget.WRITE, "coach:a", 100);
    assertThat(limits.tryAcquire(Budget.WRITE, "coach:b")).isTrue();
    assertThat(limits.tryAcquire(Budget.READ, "coach:a")).isTrue();
  }

  @Test
  void aBucketIdleForAMinuteIsForgottenOnlyWhenFullAgain() {
    taken(Budget.WRITE, "coach:a", 100);
    nanos.addAndGet(Duration.ofMinutes(2).toNanos());
    assertThat(taken(Budget.WRITE, "coach:a", 100)).isEqualTo(10);
  }

  @Test
  void aRefusalIs429WithRetryAfter() {
    taken(Budget.SIGN_IN, "address:1.2.3.4", 100);
    assertThatThrownBy(() -> limits.acquire(Budget.SIGN_IN, "address:1.2.3.4"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.retryAfterSeconds()).isEqualTo(1);
            });
  }
}
