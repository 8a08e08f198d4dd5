package com.coachtrack.service.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coachtrack.service.errors.ApiException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
  private final AtomicLong nanos = new AtomicLong();
  private final LoginThrottle throttle = new LoginThrottle(nanos::get);

  @Test
  void fiveFailuresOnAnAccountLockItUntilTheFirstLeavesTheWindow() {
    for (int i = 0; i < LoginThrottle.PER_ACCOUNT; i++) {
      throttle.check("Ana@Example.org", "1.1.1." + i);
      throttle.failed("ana@example.org", "1.1.1." + i);
      nanos.addAndGet(Duration.ofMinutes(1).toNanos());
    }
    assertThatThrownBy(() -> throttle.check("ana@example.org", "9.9.9.9"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.retryAfterSeconds()).isEqualTo(10 * 60);
            });
    nanos.addAndGet(Duration.ofMinutes(10).toNanos());
    assertThatCode(() -> throttle.check("ana@example.org", "9.9.9.9")).doesNotThrowAnyException();
  }

  @Test
  void oneAddressGuessingManyAccountsIsLockedToo() {
    for (int i = 0; i < LoginThrottle.PER_ADDRESS; i++) {
      throttle.failed("coach" + i + "@example.org", "6.6.6.6");
    }
    assertThatThrownBy(() -> throttle.check("new@example.org", "6.6.6.6"))
        .isInstanceOf(ApiException.class);
    assertThatCode(() -> throttle.check("new@example.org", "7.7.7.7")).doesNotThrowAnyException();
  }

  @Test
  void aSuccessClearsTheAccountsCount() {
    for (int i = 0; i < LoginThrottle.PER_ACCOUNT - 1; i++) {
      throttle.failed("ana@example.org", "1.1.1.1");
    }
    throttle.succeeded("ana@example.org");
    throttle.failed("ana@example.org", "1.1.1.1");
    assertThatCode(() -> throttle.check("ana@example.org", "2.2.2.2")).doesNotThrowAnyException();
  }
}
