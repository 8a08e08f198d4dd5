package com.coachtrack.service.access;

import com.coachtrack.service.errors.ApiException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per coach for status reads: a runaway tab or script gets 429 instead of starving
 * others.
 */
public final class CoachRateLimiter {
  private static final int MAX_TRACKED_COACHES = 100_000;

  private final double tokensPerSecond;
  private final double burst;
  private final LongSupplier nanoTime;
  private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public CoachRateLimiter(int requestsPerSecond, LongSupplier nanoTime) {
    this.tokensPerSecond = requestsPerSecond;
    this.burst = requestsPerSecond * 2.0;
    this.nanoTime = nanoTime;
  }

  public void acquire(String coachId) {
    if (!tryAcquire(coachId)) {
      throw new ApiException(
          429, "too_many_requests", "Too many status requests. Wait a second and try again.", 1);
    }
  }

  /** Takes a token if there is one; a refusal takes nothing. */
  public boolean tryAcquire(String coachId) {
    if (buckets.size() > MAX_TRACKED_COACHES) {
      buckets.clear();
    }
    Bucket bucket = buckets.computeIfAbsent(coachId, id -> new Bucket(burst, nanoTime.getAsLong()));
    return bucket.tryTake(tokensPerSecond, burst, nanoTime.getAsLong());
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
