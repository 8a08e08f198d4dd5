package com.coachtrack.service.access;

import com.coachtrack.service.errors.ApiException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * A token bucket per caller and {@link Budget}: a runaway tab or script gets 429 instead of
 * starving others. Buckets idle for a minute are dropped one by one (a full one is what a new one
 * would be), so however many callers come and go no one's count is ever reset early.
 */
public final class RateLimits {
  private static final Duration IDLE = Duration.ofMinutes(1);

  private final Map<Budget, Double> perSecond = new EnumMap<>(Budget.class);
  private final Cache<String, Bucket> buckets;
  private final Ticker ticker;

  /**
   * @param statusPerSecond the status budget ({@code STATUS_RATE_LIMIT}); the others are fixed
   */
  public RateLimits(int statusPerSecond, Ticker ticker) {
    for (Budget budget : Budget.values()) {
      perSecond.put(budget, (double) budget.perSecond());
    }
    perSecond.put(Budget.STATUS, (double) statusPerSecond);
    this.ticker = ticker;
    this.buckets =
        Caffeine.newBuilder().ticker(ticker).expireAfterAccess(IDLE).maximumSize(1_000_000).build();
  }

  /**
   * @throws ApiException 429 with Retry-After when the caller's budget is spent
   */
  public void acquire(Budget budget, String caller) {
    if (!tryAcquire(budget, caller)) {
      throw new ApiException(
          429,
          "too_many_requests",
          budget == Budget.SIGN_IN
              ? "Too many attempts from this address. Wait a moment and try again."
              : "Too many requests. Wait a second and try again.",
          1);
    }
  }

  /** Takes a token if there is one; a refusal takes nothing. */
  public boolean tryAcquire(Budget budget, String caller) {
    double rate = perSecond.get(budget);
    Bucket bucket =
        buckets.get(budget.name() + '\u0000' + caller, k -> new Bucket(rate * 2, now()));
    return bucket.tryTake(rate, rate * 2, now());
  }

  private long now() {
    return ticker.read();
  }

  private static final class Bucket {
    private double tokens;
    private long updatedNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedNanos = now;
    }

    synchronized boolean tryTake(double perSecond, double burst, long now) {
      tokens = Math.min(burst, tokens + (now - updatedNanos) / 1e9 * perSecond);
      updatedNanos = now;
      if (tokens < 1) {
        return false;
      }
      tokens -= 1;
      return true;
    }
  }
}
