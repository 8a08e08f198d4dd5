package com.coachtrack.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Event-stream load generator for bench/events (the bench module: it never ships, and it needs
 * nothing but the JDK).
 *
 * <p>One NIO selector thread opens N Server-Sent Event streams ({@code GET /api/v1/events} or
 * {@code GET /api/v1/sessions/{id}/events}, one target per line of a tab-separated file {@code
 * path<TAB>token}, streams assigned round robin) and reads them: chunked transfer coding, then the
 * SSE lines. Streams are opened at {@code openPerSecond} (the per-coach READ budget is 20/s); a 429
 * or 503 is retried after its Retry-After, a dropped connection after 1 s.
 *
 * <p>Once every stream has said {@code ready} (or the open timeout passed) it prints {@code LOAD
 * opened=...} and waits for the file {@code goFile} to exist (the script measures the server's
 * memory meanwhile), then reads for {@code warmupS} + {@code measureS} seconds. In the measured
 * window, every {@code status} event of a processing session whose {@code updated_at} (the time the
 * worker wrote that progress report, {@code progress_at}) is new on that stream is one delivery of
 * one progress write; its delay is the arrival time minus {@code updated_at}: the write's commit,
 * PostgreSQL's NOTIFY, the API process's LISTEN connection, the fan-out read and the stream's
 * writer, and this reader. Events that repeat a known {@code updated_at} (keep-alive re-reads,
 * changes that are not progress reports) are not deliveries. Per write, the delay of the last
 * stream it reached is reported too.
 *
 * <p>Usage: {@code EventsLoadGen host port targets.tsv streams openPerSecond openTimeoutS goFile
 * warmupS measureS}; results as {@code LOAD key=value} lines on stdout.
 */
public final class EventsLoadGen {
  private static final Pattern SESSION = Pattern.compile("\"session_id\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern UPDATED = Pattern.compile("\"updated_at\"\\s*:\\s*\"([^\"]+)\"");

  private record Target(String path, String token) {}

  private static final class Stream {
    final int index;
    final Target target;
    SocketChannel channel;
    ByteBuffer out;
    final ByteArrayOutputStream head = new ByteArrayOutputStream();
    int headTail; // the last four bytes of the head
    boolean inBody;
    boolean chunked;
    long chunkLeft; // bytes of chunk data still to read; -1 while reading a size line, -2: its CRLF
    final ByteArrayOutputStream sizeLine = new ByteArrayOutputStream();
    final ByteArrayOutputStream line = new ByteArrayOutputStream();
    String eventName;
    final StringBuilder data = new StringBuilder();
    boolean ready;
    boolean ended;
    boolean failed;
    long reopenAt; // nanoTime; 0 = not waiting

    /** session id -> the last updated_at seen on this stream (kept across reconnects). */
    final Map<String, String> seen = new HashMap<>();

    Stream(int index, Target target) {
      this.index = index;
      this.target = target;
    }

    void reset() {
      head.reset();
      headTail = 0;
      inBody = false;
      chunked = false;
      chunkLeft = -1;
      sizeLine.reset();
      line.reset();
      eventName = null;
      data.setLength(0);
    }
  }

  /** One progress write, as seen across all streams. */
  private static final class Write {
    long deliveries;
    long lastDelayMicros;
  }

  private final String host;
  private final int port;
  private final Selector selector;
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
  private final Map<Integer, Long> codes = new TreeMap<>();
  private long[] delays = new long[1 << 16];
  private int delayCount;
  private final Map<String, Write> writes = new HashMap<>();
  private boolean measuring;
  private long readyCount;
  private long reconnects;
  private long retried;
  private long keepAlives;
  private long statusEvents;
  private long ends;
  private long failures;
  private final List<String> failureSamples = new ArrayList<>();

  private EventsLoadGen(String host, int port) throws IOException {
    this.host = host;
    this.port = port;
    this.selector = Selector.open();
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 9) {
      System.err.println(
          "usage: EventsLoadGen host port targets.tsv streams openPerSecond openTimeoutS goFile"
              + " warmupS measureS");
      System.exit(2);
    }
    List<Target> targets = new ArrayList<>();
    for (String row : Files.readAllLines(Path.of(args[2]))) {
      String[] cols = row.strip().split("\t");
      if (cols.length == 2) {
        targets.add(new Target(cols[0], cols[1]));
      }
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("no targets in " + args[2]);
    }
    EventsLoadGen gen = new EventsLoadGen(args[0], Integer.parseInt(args[1]));
    gen.run(
        targets,
        Integer.parseInt(args[3]),
        Double.parseDouble(args[4]),
        Double.parseDouble(args[5]),
        Path.of(args[6]),
        Double.parseDouble(args[7]),
        Double.parseDouble(args[8]));
  }

  private void run(
      List<Target> targets,
      int count,
      double openPerSecond,
      double openTimeoutS,
      Path goFile,
      double warmupS,
      double measureS)
      throws IOException {
    Stream[] streams = new Stream[count];
    ArrayDeque<Stream> toOpen = new ArrayDeque<>();
    for (int i = 0; i < count; i++) {
      streams[i] = new Stream(i, targets.get(i % targets.size()));
      toOpen.add(streams[i]);
    }

    // 1. open every stream, paced
    long start = System.nanoTime();
    long openDeadline = start + (long) (openTimeoutS * 1e9);
    long gapNanos = (long) (1e9 / openPerSecond);
    long nextOpen = start;
    while (readyCount + failures < count && System.nanoTime() < openDeadline) {
      long now = System.nanoTime();
      while (!toOpen.isEmpty() && now >= nextOpen) {
        open(toOpen.poll());
        nextOpen += gapNanos;
      }
      reopenDue(streams, now);
      poll(10);
    }
    double openSeconds = (System.nanoTime() - start) / 1e9;
    out("opened", readyCount);
    out("open_seconds", String.format(Locale.ROOT, "%.1f", openSeconds));
    out("open_failed", failures);
    out("open_codes", codes.toString().replace(" ", ""));
    System.out.println("OPENED");
    System.out.flush();

    // 2. wait for the script (memory), keep reading
    while (!Files.exists(goFile)) {
      reopenDue(streams, System.nanoTime());
      poll(100);
    }
    // 3. warm-up, then the measured window
    long t0 = System.nanoTime();
    long windowStart = t0 + (long) (warmupS * 1e9);
    long windowEnd = windowStart + (long) (measureS * 1e9);
    long reconnectsBefore = 0;
    long keepAlivesBefore = 0;
    long statusBefore = 0;
    while (true) {
      long now = System.nanoTime();
      if (!measuring && now >= windowStart) {
        measuring = true;
        reconnectsBefore = reconnects;
        keepAlivesBefore = keepAlives;
        statusBefore = statusEvents;
      }
      if (now >= windowEnd) {
        break;
      }
      reopenDue(streams, now);
      poll(Math.max(1, Math.min(100, (windowEnd - now) / 1_000_000)));
    }
    measuring = false;
    long open = Arrays.stream(streams).filter(s -> s.channel != null && s.ready).count();
    // Read on for a moment, so a CPU sample taken at the window's end (bench/events) finds us.
    long linger = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < linger) {
      poll(100);
    }

    long[] sorted = Arrays.copyOf(delays, delayCount);
    Arrays.sort(sorted);
    long[] last = writes.values().stream().mapToLong(w -> w.lastDelayMicros).sorted().toArray();
    double perWrite = writes.values().stream().mapToLong(w -> w.deliveries).average().orElse(0);
    out("streams", count);
    out("open_at_end", open);
    out("ended", ends);
    out("writes", writes.size());
    out("deliveries", delayCount);
    out("deliveries_per_write", String.format(Locale.ROOT, "%.1f", perWrite));
    out("delay_p50_ms", ms(percentile(sorted, 0.50)));
    out("delay_p99_ms", ms(percentile(sorted, 0.99)));
    out("delay_max_ms", ms(sorted.length == 0 ? -1 : sorted[sorted.length - 1]));
    out("last_stream_p50_ms", ms(percentile(last, 0.50)));
    out("last_stream_p99_ms", ms(percentile(last, 0.99)));
    out("status_events", statusEvents - statusBefore);
    out("keep_alives", keepAlives - keepAlivesBefore);
    out("reconnects", reconnects - reconnectsBefore);
    out("retried_opens", retried);
    out("codes", codes.toString().replace(" ", ""));
    out("failure_samples", String.join(" | ", failureSamples));
    System.out.flush();
    for (Stream s : streams) {
      if (s.channel != null) {
        s.channel.close();
      }
    }
  }

  private void reopenDue(Stream[] streams, long now) throws IOException {
    for (Stream s : streams) {
      if (s.reopenAt != 0 && now >= s.reopenAt) {
        s.reopenAt = 0;
        open(s);
      }
    }
  }

  private void open(Stream s) throws IOException {
    s.reset();
    String request =
        "GET "
            + s.target.path()
            + " HTTP/1.1\r\nHost: "
            + host
            + ":"
            + port
            + "\r\nAccept: text/event-stream\r\nAuthorization: Bearer "
            + s.target.token()
            + "\r\n\r\n";
    s.out = ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII));
    SocketChannel channel = SocketChannel.open();
    channel.configureBlocking(false);
    s.channel = channel;
    if (channel.connect(new InetSocketAddress(host, port))) {
      channel.register(selector, SelectionKey.OP_WRITE, s);
    } else {
      channel.register(selector, SelectionKey.OP_CONNECT, s);
    }
  }

  private void poll(long timeoutMs) throws IOException {
    selector.select(timeoutMs);
    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
    while (keys.hasNext()) {
      SelectionKey key = keys.next();
      keys.remove();
      Stream s = (Stream) key.attachment();
      try {
        if (key.isConnectable()) {
          s.channel.finishConnect();
          key.interestOps(SelectionKey.OP_WRITE);
        }
        if (key.isValid() && key.isWritable()) {
          s.channel.write(s.out);
          if (!s.out.hasRemaining()) {
            key.interestOps(SelectionKey.OP_READ);
          }
        }
        if (key.isValid() && key.isReadable()) {
          readBuffer.clear();
          int n = s.channel.read(readBuffer);
          if (n < 0) {
            dropped(s, "closed by the server");
            continue;
          }
          readBuffer.flip();
          long arrival = micros(Instant.now());
          byte[] bytes = new byte[readBuffer.remaining()];
          readBuffer.get(bytes);
          feed(s, bytes, 0, bytes.length, arrival);
        }
      } catch (IOException e) {
        dropped(s, e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }

  /** The connection ended without an {@code end} event: reconnect in 1 s. */
  private void dropped(Stream s, String why) throws IOException {
    close(s);
    if (!s.ended && !s.failed) {
      reconnects++;
      sample(why);
      s.reopenAt = System.nanoTime() + 1_000_000_000L;
    }
  }

  private void close(Stream s) throws IOException {
    if (s.channel != null) {
      s.channel.close();
      s.channel = null;
    }
    if (s.ready) {
      s.ready = false;
      readyCount--;
    }
  }

  private void feed(Stream s, byte[] b, int from, int to, long arrival) throws IOException {
    int i = from;
    if (!s.inBody) {
      for (; i < to; i++) {
        s.head.write(b[i]);
        s.headTail = (s.headTail << 8) | (b[i] & 0xff);
        if (s.headTail == 0x0d0a0d0a) {
          i++;
          if (!headers(s, s.head.toString(StandardCharsets.ISO_8859_1))) {
            return;
          }
          s.inBody = true;
          break;
        }
      }
    }
    if (!s.inBody || i >= to) {
      return;
    }
    if (!s.chunked) {
      sse(s, b, i, to, arrival);
      return;
    }
    while (i < to && s.channel != null) {
      if (s.chunkLeft == -1) {
        byte c = b[i++];
        if (c == '\n') {
          String size = s.sizeLine.toString(StandardCharsets.US_ASCII).strip();
          s.sizeLine.reset();
          int semi = size.indexOf(';');
          long len = Long.parseLong(semi >= 0 ? size.substring(0, semi) : size, 16);
          if (len == 0) {
            dropped(s, "stream ended");
            return;
          }
          s.chunkLeft = len;
        } else {
          s.sizeLine.write(c);
        }
      } else if (s.chunkLeft == -2) {
        byte c = b[i++];
        if (c == '\n') {
          s.chunkLeft = -1;
        }
      } else {
        int take = (int) Math.min(s.chunkLeft, to - i);
        sse(s, b, i, i + take, arrival);
        i += take;
        s.chunkLeft -= take;
        if (s.chunkLeft == 0) {
          s.chunkLeft = -2;
        }
      }
    }
  }

  /**
   * @return whether to read the body
   */
  private boolean headers(Stream s, String head) throws IOException {
    String[] lines = head.split("\r\n");
    int code = Integer.parseInt(lines[0].split(" ")[1]);
    codes.merge(code, 1L, Long::sum);
    long retryAfter = 1;
    for (String l : lines) {
      String lower = l.toLowerCase(Locale.ROOT);
      if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        s.chunked = true;
      } else if (lower.startsWith("retry-after:")) {
        try {
          retryAfter = Math.max(1, Long.parseLong(l.substring(12).strip()));
        } catch (NumberFormatException e) {
          retryAfter = 1;
        }
      }
    }
    if (code == 200) {
      return true;
    }
    close(s);
    if (code == 429 || code == 503) {
      retried++;
      s.reopenAt = System.nanoTime() + retryAfter * 1_000_000_000L;
    } else {
      s.failed = true;
      failures++;
      sample("HTTP " + code + " on " + s.target.path());
    }
    return false;
  }

  private void sse(Stream s, byte[] b, int from, int to, long arrival) throws IOException {
    for (int i = from; i < to; i++) {
      byte c = b[i];
      if (c != '\n') {
        s.line.write(c);
        continue;
      }
      String line = s.line.toString(StandardCharsets.UTF_8);
      s.line.reset();
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty()) {
        dispatch(s, arrival);
        if (s.channel == null) {
          return;
        }
      } else if (line.startsWith(":")) {
        keepAlives++;
      } else if (line.startsWith("event:")) {
        s.eventName = line.substring(6).strip();
      } else if (line.startsWith("data:")) {
        if (s.data.length() > 0) {
          s.data.append('\n');
        }
        s.data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
      }
    }
  }

  private void dispatch(Stream s, long arrival) throws IOException {
    String name = s.eventName == null ? "message" : s.eventName;
    String data = s.data.toString();
    s.eventName = null;
    s.data.setLength(0);
    switch (name) {
      case "ready" -> {
        if (!s.ready) {
          s.ready = true;
          readyCount++;
        }
      }
      case "end" -> {
        s.ended = true;
        ends++;
        close(s);
      }
      case "status" -> status(s, data, arrival);
      default -> {}
    }
  }

  private void status(Stream s, String data, long arrival) {
    statusEvents++;
    String session = group(SESSION, data);
    String updated = group(UPDATED, data);
    if (session == null || updated == null) {
      return;
    }
    String before = s.seen.put(session, updated);
    if (!measuring || updated.equals(before) || !"processing".equals(group(STATUS, data))) {
      return;
    }
    long written;
    try {
      written = micros(Instant.parse(updated));
    } catch (DateTimeParseException e) {
      return;
    }
    long delay = arrival - written;
    if (delayCount == delays.length) {
      delays = Arrays.copyOf(delays, delayCount * 2);
    }
    delays[delayCount++] = delay;
    Write w = writes.computeIfAbsent(session + '@' + updated, k -> new Write());
    w.deliveries++;
    w.lastDelayMicros = Math.max(w.lastDelayMicros, delay);
  }

  private static String group(Pattern p, String s) {
    Matcher m = p.matcher(s);
    return m.find() ? m.group(1) : null;
  }

  private void sample(String what) {
    if (failureSamples.size() < 5 && !failureSamples.contains(what)) {
      failureSamples.add(what);
    }
  }

  private static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
  }

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int i = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  private static String ms(long micros) {
    return micros < 0 ? "n/a" : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
  }

  private static void out(String key, Object value) {
    System.out.println("LOAD " + key + "=" + value);
  }
}
