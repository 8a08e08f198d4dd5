package com.coachtrack.service.access;

import com.coachtrack.service.errors.ApiException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Slows password guessing: after {@link #PER_ACCOUNT} failed logins on one email, or {@link
 * #PER_ADDRESS} from one client address, within {@link #WINDOW}, further attempts get 429 until the
 * oldest failure leaves the window. Emails that have no account count the same, so the answer never
 * tells whether an account exists.
 */
public final class LoginThrottle {
  static final int PER_ACCOUNT = 5;
  static final int PER_ADDRESS = 20;
  static final Duration WINDOW = Duration.ofMinutes(15);

  private final Cache<String, Deque<Long>> failures;
  private final Ticker ticker;

  public LoginThrottle(Ticker ticker) {
    this.ticker = ticker;
    this.failures =
        Caffeine.newBuilder()
            .ticker(ticker)
            .expireAfterAccess(WINDOW)
            .maximumSize(1_000_000)
            .build();
  }

  /**
   * @throws ApiException 429 {@code too_many_attempts} with the seconds until the next try
   */
  public void check(String email, String address) {
    long wait =
        Math.max(wait(accountKey(email), PER_ACCOUNT), wait("address:" + address, PER_ADDRESS));
    if (wait > 0) {
      int seconds = (int) Math.max(1, Math.ceil(wait / 1e9));
      throw new ApiException(
          429,
          "too_many_attempts",
          "Too many failed sign-ins. Wait "
              + (seconds >= 60 ? (seconds + 59) / 60 + " minutes" : seconds + " seconds")
              + " and try again, or reset your password.",
          seconds);
    }
  }

  public void failed(String email, String address) {
    record(accountKey(email));
    record("address:" + address);
  }

  public void succeeded(String email) {
    failures.invalidate(accountKey(email));
  }

  private static String accountKey(String email) {
    return "account:" + (email == null ? "" : email.strip().toLowerCase(Locale.ROOT));
  }

  private void record(String key) {
    Deque<Long> times = failures.get(key, k -> new ArrayDeque<>());
    synchronized (times) {
      times.addLast(ticker.read());
    }
  }

  /** Nanoseconds until an attempt is allowed again on this key; 0 when it is now. */
  private long wait(String key, int limit) {
    Deque<Long> times = failures.getIfPresent(key);
    if (times == null) {
      return 0;
    }
    long now = ticker.read();
    long window = WINDOW.toNanos();
    synchronized (times) {
      while (!times.isEmpty() && now - times.peekFirst() >= window) {
        times.removeFirst();
      }
      if (times.size() < limit) {
        return 0;
      }
      return times.peekFirst() + window - now;
    }
  }
}
