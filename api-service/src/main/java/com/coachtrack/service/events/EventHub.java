package com.coachtrack.service.events;

import com.coachtrack.service.status.CachedStatus;
import com.coachtrack.service.status.StatusAnswers;
import com.coachtrack.store.SessionChangeHandler;
import com.coachtrack.store.SessionQueries;
import com.coachtrack.store.StatusRow;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This API process's open event streams and what feeds them. Changes arrive from PostgreSQL's
 * NOTIFY (through {@link com.coachtrack.store.SessionChangeListener}, whichever process wrote
 * them); one fan-out thread reads each changed session once, with the status poll's own code
 * ({@link StatusAnswers#reload}), and queues the same bytes to every stream that follows it, so a
 * thousand streams on one session cost one read per change. Notifications for sessions nobody here
 * follows cost no read at all. A session already queued for a read is not queued twice: a burst of
 * changes is one read of the latest state.
 *
 * <p>Every {@code keepAlive} each stream gets a comment line, and a live session that nothing was
 * sent for in that time is read again (its pace, stall and place in the queue change with time
 * alone). After the LISTEN connection was lost, every followed session is read again and each
 * coach's stream gets what changed since the highest version it saw; while it is lost, the live
 * sessions are read at every tick instead.
 */
public final class EventHub implements SessionChangeHandler, Managed {
  /**
   * A change that took its version before, but committed after, the one a coach's stream saw last
   * can only be a moment old: sessions that ended this recently are sent again on a resume.
   */
  static final Duration COMMIT_SKEW = Duration.ofMinutes(1);

  /** At most this many of a coach's sessions are sent when a coach's stream (re)connects. */
  static final int CATCH_UP_LIMIT = 200;

  static final int WRITER_THREADS = 4;
  private static final Logger LOG = LoggerFactory.getLogger(EventHub.class);

  private final StatusAnswers answers;
  private final Jdbi jdbi;
  private final Clock clock;
  private final Duration keepAlive;
  private final Map<UUID, Set<EventStream>> bySession = new ConcurrentHashMap<>();
  private final Map<String, Set<EventStream>> byCoach = new ConcurrentHashMap<>();
  private final Map<UUID, Live> live = new ConcurrentHashMap<>();
  private final BlockingQueue<Work> work = new LinkedBlockingQueue<>();
  private final Set<Work> queued = ConcurrentHashMap.newKeySet();
  private final AtomicInteger open = new AtomicInteger();
  private final ExecutorService writers;
  private final ScheduledExecutorService ticker;
  private final Thread fanOut;
  private final Meter notifications;
  private final Meter reads;
  private volatile BooleanSupplier listening = () -> true;
  private volatile boolean running = true;

  public EventHub(
      StatusAnswers answers, Jdbi jdbi, Clock clock, Duration keepAlive, MetricRegistry metrics) {
    this.answers = answers;
    this.jdbi = jdbi;
    this.clock = clock;
    this.keepAlive = keepAlive;
    this.writers = Executors.newFixedThreadPool(WRITER_THREADS, daemon("event-writer-"));
    this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("event-keep-alive-"));
    this.fanOut = daemon("event-fan-out-").newThread(this::fanOut);
    this.notifications = metrics.meter("events.notifications");
    this.reads = metrics.meter("events.reads");
    metrics.register("events.streams", (Gauge<Integer>) open::get);
    metrics.register("events.listening", (Gauge<Integer>) () -> listening.getAsBoolean() ? 1 : 0);
  }

  /** Where the LISTEN connection's state is read from (the listener is built after the hub). */
  public void listeningFrom(BooleanSupplier listening) {
    this.listening = listening;
  }

  Duration keepAlive() {
    return keepAlive;
  }

  /** A new stream that follows {@code sessionId}, or every session of its coach when null. */
  EventStream stream(
      String coachId,
      UUID sessionId,
      jakarta.ws.rs.sse.SseEventSink sink,
      jakarta.ws.rs.sse.Sse sse,
      Runnable onClose) {
    return new EventStream(coachId, sessionId, sink, sse, writers, onClose);
  }

  /** From now on the stream gets every change it follows. */
  void add(EventStream stream) {
    open.incrementAndGet();
    if (stream.sessionId() != null) {
      bySession.computeIfAbsent(stream.sessionId(), k -> ConcurrentHashMap.newKeySet()).add(stream);
    } else {
      byCoach.computeIfAbsent(stream.coachId(), k -> ConcurrentHashMap.newKeySet()).add(stream);
    }
  }

  void remove(EventStream stream) {
    boolean removed =
        stream.sessionId() != null
            ? removeFrom(bySession, stream.sessionId(), stream)
            : removeFrom(byCoach, stream.coachId(), stream);
    if (removed) {
      open.decrementAndGet();
    }
  }

  private static <K> boolean removeFrom(Map<K, Set<EventStream>> index, K key, EventStream stream) {
    boolean[] removed = {false};
    index.computeIfPresent(
        key,
        (k, streams) -> {
          removed[0] = streams.remove(stream);
          return streams.isEmpty() ? null : streams;
        });
    return removed[0];
  }

  /** Open streams in this process. */
  public int openStreams() {
    return open.get();
  }

  /**
   * The coach's sessions a stream (re)connecting with {@code afterVersion} should be sent, oldest
   * change first: with no version, those still pending or processing.
   */
  List<CachedStatus> catchUp(String coachId, Long afterVersion) {
    Instant now = clock.instant();
    List<StatusRow> rows =
        jdbi.withExtension(
            SessionQueries.class,
            q ->
                afterVersion == null
                    ? q.changedForCoach(coachId, Long.MAX_VALUE, now, true, CATCH_UP_LIMIT)
                    : q.changedForCoach(
                        coachId, afterVersion, now.minus(COMMIT_SKEW), false, CATCH_UP_LIMIT));
    List<CachedStatus> answers = new ArrayList<>(rows.size());
    for (StatusRow row : rows) {
      answers.add(this.answers.render(row));
    }
    Collections.reverse(answers);
    return answers;
  }

  /** Queues a fresh read of one session for its streams. */
  void reload(UUID sessionId) {
    submit(new Work(sessionId, null, false));
  }

  /** Remembers what was sent for a session, for the tick's re-reads. */
  void sent(CachedStatus status) {
    if (status.status().isFinal()) {
      live.remove(status.sessionId());
    } else {
      live.put(status.sessionId(), new Live(status.coachId(), System.nanoTime()));
    }
  }

  // ---------- the listener's calls (on its thread: note and return) ----------

  @Override
  public void changed(UUID sessionId, String coachId) {
    notifications.mark();
    if (bySession.containsKey(sessionId) || byCoach.containsKey(coachId)) {
      submit(new Work(sessionId, null, false));
    }
  }

  @Override
  public void listening(boolean afterLoss) {
    if (!afterLoss) {
      return;
    }
    // What was notified while nobody listened is lost: read again whatever a stream follows.
    bySession.keySet().forEach(id -> submit(new Work(id, null, false)));
    byCoach.keySet().forEach(coach -> submit(new Work(null, coach, false)));
  }

  @Override
  public void lost(Exception cause) {
    // The tick reads the live sessions again meanwhile; see tick().
  }

  // ---------- the fan-out thread ----------

  private void submit(Work item) {
    if (running && queued.add(item)) {
      work.add(item);
    }
  }

  private void fanOut() {
    while (running) {
      Work item;
      try {
        item = work.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (item == null) {
        continue;
      }
      // Out of the set before the read: a change committed during the read queues another one.
      queued.remove(item);
      try {
        if (item.sessionId() != null) {
          deliver(item.sessionId(), item.again());
        } else {
          catchUpAll(item.coachId());
        }
      } catch (RuntimeException e) {
        // The database is down: the listener loses its connection too and asks again when back.
        LOG.warn("Could not read a change for the event streams: {}", e.toString());
      }
    }
  }

  private void deliver(UUID sessionId, boolean again) {
    reads.mark();
    Optional<CachedStatus> fresh = answers.reload(sessionId);
    if (fresh.isEmpty()) {
      live.remove(sessionId);
      Set<EventStream> streams = bySession.get(sessionId);
      if (streams != null) {
        streams.forEach(stream -> stream.gone(sessionId));
      }
      return;
    }
    CachedStatus status = fresh.get();
    boolean anyone = false;
    for (EventStream stream : following(sessionId, status.coachId())) {
      stream.status(status, again);
      anyone = true;
    }
    if (anyone) {
      sent(status);
    } else {
      live.remove(sessionId);
    }
  }

  private void catchUpAll(String coachId) {
    Set<EventStream> streams = byCoach.get(coachId);
    if (streams == null || streams.isEmpty()) {
      return;
    }
    long after = streams.stream().mapToLong(EventStream::highest).min().orElse(0);
    reads.mark();
    for (CachedStatus status : catchUp(coachId, after)) {
      for (EventStream stream : streams) {
        stream.status(status, false);
      }
      sent(status);
    }
  }

  private List<EventStream> following(UUID sessionId, String coachId) {
    List<EventStream> streams = new ArrayList<>();
    Set<EventStream> ofSession = bySession.get(sessionId);
    if (ofSession != null) {
      streams.addAll(ofSession);
    }
    Set<EventStream> ofCoach = byCoach.get(coachId);
    if (ofCoach != null) {
      streams.addAll(ofCoach);
    }
    return streams;
  }

  // ---------- the keep-alive tick ----------

  private void tick() {
    try {
      List<EventStream> all = new ArrayList<>();
      bySession.values().forEach(all::addAll);
      byCoach.values().forEach(all::addAll);
      for (EventStream stream : all) {
        if (stream.closed()) {
          stream.close();
        } else {
          stream.keepAlive();
        }
      }
      boolean heard = listening.getAsBoolean();
      long quietSince = System.nanoTime() - keepAlive.toNanos() + keepAlive.toNanos() / 10;
      live.forEach(
          (id, session) -> {
            if (!bySession.containsKey(id) && !byCoach.containsKey(session.coachId())) {
              live.remove(id);
            } else if (!heard || session.sentNanos() <= quietSince) {
              submit(new Work(id, null, true));
            }
          });
    } catch (RuntimeException e) {
      LOG.warn("Event stream keep-alive failed: {}", e.toString());
    }
  }

  @Override
  public void start() {
    fanOut.start();
    long every = keepAlive.toMillis();
    ticker.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
  }

  /** Ends every open stream (clients reconnect to another process) and the threads. */
  @Override
  public void stop() {
    running = false;
    ticker.shutdownNow();
    fanOut.interrupt();
    List<EventStream> all = new ArrayList<>();
    bySession.values().forEach(all::addAll);
    byCoach.values().forEach(all::addAll);
    all.forEach(EventStream::close);
    writers.shutdown();
    try {
      writers.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writers.shutdownNow();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }

  /** A session last sent as pending or processing, to whom, and when. */
  private record Live(String coachId, long sentNanos) {}

  /** A read to do: one session (again: even if its version did not move), or a coach's catch-up. */
  private record Work(UUID sessionId, String coachId, boolean again) {}
}
