package com.coachtrack.service.status;

import com.coachtrack.service.auth.Coach;
import com.coachtrack.service.errors.ApiException;
import com.coachtrack.workflows.status.StatusTransitions;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;

/**
 * Status answers kept for a moment, so a thousand browsers polling cost at most one database read
 * per session per {@code liveFor}, whatever their number. Concurrent misses for one session wait
 * for a single read. Live sessions are kept for less than the workers' 2 s report interval, so a
 * poller sees every report; completed and cancelled sessions never change again (only the retention
 * cleanup removes them), so they are kept longer. Commands that change a session through this
 * process drop its entry.
 */
public final class StatusCache {
  public static final Duration LIVE_FOR = Duration.ofSeconds(1);
  public static final Duration FINAL_FOR = Duration.ofMinutes(1);
  static final long MAX_ENTRIES = 100_000;

  private final Cache<UUID, CachedStatus> entries;

  public StatusCache(Duration liveFor, Duration finalFor, Ticker ticker) {
    long liveNanos = liveFor.toNanos();
    long finalNanos = finalFor.toNanos();
    this.entries =
        Caffeine.newBuilder()
            .maximumSize(MAX_ENTRIES)
            .ticker(ticker)
            .expireAfter(
                new Expiry<UUID, CachedStatus>() {
                  @Override
                  public long expireAfterCreate(UUID id, CachedStatus status, long now) {
                    return StatusTransitions.isTerminal(status.status()) ? finalNanos : liveNanos;
                  }

                  @Override
                  public long expireAfterUpdate(UUID id, CachedStatus status, long now, long left) {
                    return expireAfterCreate(id, status, now);
                  }

                  @Override
                  public long expireAfterRead(UUID id, CachedStatus status, long now, long left) {
                    return left;
                  }
                })
            .build();
  }

  /**
   * The cached answer for {@code id}, or the one {@code load} builds (which may throw, e.g. not
   * found: nothing is cached then). A session cached for another coach is not found for this one,
   * exactly as the database read would answer.
   */
  public CachedStatus get(UUID id, Coach coach, Function<UUID, CachedStatus> load) {
    CachedStatus status = entries.get(id, load);
    if (!status.coachId().equals(coach.id()) && !coach.operator()) {
      throw ApiException.notFound();
    }
    return status;
  }

  /** An answer read for another reason (an event stream's fresh read): the next poll can use it. */
  public void put(UUID id, CachedStatus status) {
    entries.put(id, status);
  }

  public void invalidate(UUID id) {
    entries.invalidate(id);
  }
}
