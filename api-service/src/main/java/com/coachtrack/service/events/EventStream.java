package com.coachtrack.service.events;

import com.coachtrack.service.status.CachedStatus;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One open event stream: one session's ({@code GET /api/v1/sessions/{id}/events}) or every session
 * of a coach ({@code GET /api/v1/events}). Events are queued and written by the shared writer
 * threads, one stream at a time in order, so whoever produces them (the request that opened the
 * stream, the fan-out, the keep-alive tick) never waits on a slow client. A session's events only
 * go forward: a version older than the one already sent for that session is dropped, whichever
 * thread read it. A client that does not take its events ({@link #MAX_QUEUED} waiting) is
 * disconnected; it reconnects with Last-Event-ID and misses nothing.
 */
final class EventStream {
  static final int MAX_QUEUED = 64;
  static final String STATUS = "status";
  static final String READY = "ready";
  static final String END = "end";
  static final long RECONNECT_DELAY_MS = 2_000;

  private final String coachId;
  private final UUID sessionId;
  private final SseEventSink sink;
  private final Sse sse;
  private final Executor writers;
  private final Runnable onClose;
  private final Queue<OutboundSseEvent> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();
  private final CountDownLatch closedLatch = new CountDownLatch(1);

  /** The last version sent per session; guarded by this. */
  private final Map<UUID, Long> sent = new HashMap<>();

  private long highest;
  private boolean ending;
  private volatile boolean closeWhenDrained;

  /**
   * @param sessionId the one session this stream follows, or null for all of the coach's sessions
   * @param onClose called once when the stream is closed, for whatever reason
   */
  EventStream(
      String coachId,
      UUID sessionId,
      SseEventSink sink,
      Sse sse,
      Executor writers,
      Runnable onClose) {
    this.coachId = coachId;
    this.sessionId = sessionId;
    this.sink = sink;
    this.sse = sse;
    this.writers = writers;
    this.onClose = onClose;
  }

  String coachId() {
    return coachId;
  }

  /** The one session followed, or null for a coach's stream. */
  UUID sessionId() {
    return sessionId;
  }

  /** Whether this stream wants the session's changes. */
  boolean follows(UUID id, String owner) {
    return sessionId == null ? coachId.equals(owner) : sessionId.equals(id);
  }

  boolean closed() {
    return closed.get() || sink.isClosed();
  }

  /** Whether the stream ends once what is queued was sent (a final state, or the session gone). */
  synchronized boolean ending() {
    return ending;
  }

  /**
   * Waits until the stream was closed. Jersey writes a sink's first events when the resource method
   * has returned, and a close from another thread while it writes them cuts them off (its {@code
   * ChunkedOutput.close} closes the response even while another thread is flushing): a stream that
   * ends at once is therefore drained and closed before the request thread returns.
   */
  void awaitClosed(Duration timeout) {
    try {
      closedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The highest version sent on this stream (or resumed from): what it would resume from after a
   * gap.
   */
  synchronized long highest() {
    return highest;
  }

  /** The first event: tells the client the stream works and how soon to come back if it breaks. */
  void ready(long keepAliveMs) {
    enqueue(
        sse.newEventBuilder()
            .name(READY)
            .reconnectDelay(RECONNECT_DELAY_MS)
            .mediaType(MediaType.TEXT_PLAIN_TYPE)
            .data(String.class, "{\"keep_alive_ms\":" + keepAliveMs + "}")
            .build());
  }

  /** A coach's stream resumed from {@code version} (Last-Event-ID). */
  synchronized void resumedFrom(long version) {
    highest = Math.max(highest, version);
  }

  /** The client already has this session up to {@code version} (Last-Event-ID). */
  synchronized void resumedAt(UUID id, long version) {
    sent.merge(id, version, Math::max);
    highest = Math.max(highest, version);
  }

  /**
   * Sends the session's state unless an equal or newer one was sent ({@code again}: an equal one is
   * sent again, for what changes with time alone). A one-session stream ends after a final state.
   *
   * @return whether it was queued
   */
  synchronized boolean status(CachedStatus status, boolean again) {
    if (ending || closed()) {
      return false;
    }
    Long last = sent.get(status.sessionId());
    boolean finalState = sessionId != null && status.status().isFinal();
    if (last != null && (status.version() < last || status.version() == last && !again)) {
      if (finalState && status.version() == last) {
        end(status); // it has the final state already (a resumed stream): only the end is missing
      }
      return false;
    }
    sent.put(status.sessionId(), status.version());
    highest = Math.max(highest, status.version());
    enqueue(
        sse.newEventBuilder()
            .name(STATUS)
            .id(Long.toString(status.version()))
            .mediaType(MediaType.TEXT_PLAIN_TYPE)
            .data(String.class, new String(status.body(), StandardCharsets.UTF_8))
            .build());
    if (finalState) {
      end(status);
    }
    return true;
  }

  /** The session is gone (deleted): a one-session stream ends. */
  synchronized void gone(UUID id) {
    if (sessionId != null && sessionId.equals(id) && !ending) {
      ending = true;
      enqueue(endEvent("{\"session_id\":\"" + id + "\",\"status\":null}"));
      closeWhenDrained = true;
      schedule();
    }
  }

  /** A comment line, ignored by clients, that keeps proxies from closing a quiet connection. */
  void keepAlive() {
    if (!ending) {
      enqueue(sse.newEventBuilder().comment("keep-alive").build());
    }
  }

  private void end(CachedStatus status) {
    ending = true;
    enqueue(
        endEvent(
            "{\"session_id\":\""
                + status.sessionId()
                + "\",\"status\":\""
                + status.status().wireName()
                + "\"}"));
    closeWhenDrained = true;
    schedule();
  }

  private OutboundSseEvent endEvent(String data) {
    return sse.newEventBuilder()
        .name(END)
        .mediaType(MediaType.TEXT_PLAIN_TYPE)
        .data(String.class, data)
        .build();
  }

  private void enqueue(OutboundSseEvent event) {
    if (closed.get()) {
      return;
    }
    if (queued.incrementAndGet() > MAX_QUEUED) {
      close(); // too slow to follow: it reconnects with Last-Event-ID and gets the current state
      return;
    }
    queue.add(event);
    schedule();
  }

  private void schedule() {
    if (draining.compareAndSet(false, true)) {
      try {
        writers.execute(this::drain);
      } catch (RuntimeException e) {
        draining.set(false);
        close();
      }
    }
  }

  /** On a writer thread: sends what is queued, in order; only one drain per stream at a time. */
  private void drain() {
    try {
      OutboundSseEvent event;
      while ((event = queue.poll()) != null) {
        queued.decrementAndGet();
        if (closed.get() || !send(event)) {
          close();
          return;
        }
      }
      if (closeWhenDrained) {
        close();
        return;
      }
    } finally {
      draining.set(false);
    }
    // An event queued after the last poll but before draining was released would wait forever.
    if (!queue.isEmpty() || closeWhenDrained) {
      schedule();
    }
  }

  private boolean send(OutboundSseEvent event) {
    try {
      CompletionStage<?> sending = sink.send(event);
      return !sending.toCompletableFuture().isCompletedExceptionally();
    } catch (RuntimeException e) {
      return false; // the sink was closed: the client went away
    }
  }

  /** Closes the stream (idempotent); the client sees the response end. */
  void close() {
    if (closed.compareAndSet(false, true)) {
      queue.clear();
      try {
        sink.close();
      } catch (RuntimeException e) {
        // already gone
      } finally {
        closedLatch.countDown();
        onClose.run();
      }
    }
  }
}
