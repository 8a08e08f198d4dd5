package com.coachtrack.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;

/**
 * HTTP/1.1 load generator for bench/status-load (the bench module: it never ships, and it needs
 * nothing but the JDK).
 *
 * <p>One or more NIO selector threads drive N keep-alive connections ("pollers"); a selector thread
 * is much cheaper on CPU than N blocking threads or java.net.http, which matters when the generator
 * shares 2 cores with the server it measures. Two modes:
 *
 * <ul>
 *   <li>{@code closed}: every poller sends its next request as soon as the previous answer is in (N
 *       requests always in flight). Measures the saturation throughput; latency is then mostly
 *       queueing (Little's law: mean latency = N / throughput).
 *   <li>{@code paced}: every poller sends one request every {@code intervalMs}, the pollers' phases
 *       spread evenly (N / interval requests per second offered, open loop). Latency is taken from
 *       the moment the request was DUE, so a poller held up by a slow answer does not hide the
 *       delay (no coordinated omission).
 * </ul>
 *
 * <p>Targets: {@code ping} (GET /ping) or a tab-separated file of {@code session_id<TAB>token}:
 * poller i is coach i (mod the number of coaches, one token each) and polls that coach's sessions
 * round robin with {@code GET /api/v1/sessions/{id}/status} and {@code Authorization: Bearer
 * token}.
 *
 * <p>Only requests DUE inside the measurement window (after the warm-up) are counted; throughput is
 * the number of successful answers completed inside the window divided by its length. Success is
 * 2xx or 304; anything else, a connection error or an answer slower than the timeout is an error. A
 * slow answer is still awaited (like a browser's fetch, which has no timeout) and counted as a
 * timeout when it arrives: dropping the connection and asking again would leave the abandoned
 * request queued in the server and make a slow server slower still (the generator would cause the
 * collapse it measures). Only after max(60 s, 6 x timeout) is the connection dropped. Requests
 * still unanswered when the run ends (after draining for one timeout) count as timeouts. Results
 * are printed as {@code LOAD key=value} lines.
 *
 * <p>Usage: {@code StatusLoadGen host port target mode connections warmupS measureS intervalMs
 * timeoutMs threads [pid:label ...]}; the optional pids (e.g. {@code 1234:server}) get their CPU
 * use over the window reported; a label ending in {@code +children} adds the pid's direct children
 * (PostgreSQL's backends).
 */
public final class StatusLoadGen {

  private record Target(String path, String token) {}

  private static final class Conn {
    final int index;
    final Target[] targets;
    int nextTarget;
    SocketChannel channel;
    SelectionKey key;
    ByteBuffer out;
    ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    boolean busy;
    long dueAt; // nanoTime the current request was due (closed mode: when it was sent)
    long nextDueAt; // paced mode: when the next request is due
    boolean missedDue; // paced mode: a request fell due while the previous one was still running
    long missedDueAt; // ...and when the first such one was due
    boolean closeAfter; // the last answer said Connection: close

    Conn(int index, Target[] targets) {
      this.index = index;
      this.targets = targets;
    }
  }

  /** Per selector thread; merged at the end. */
  private static final class Stats {
    long[] latencies = new long[1 << 16];
    int count;
    long completedInWindow;
    long errors;
    long timeouts;
    long connectionErrors;
    long warmupErrors;
    long sent;
    final Map<Integer, Long> codes = new TreeMap<>();
    final Map<String, Long> errorSamples = new LinkedHashMap<>();

    void latency(long nanos) {
      if (count == latencies.length) {
        latencies = Arrays.copyOf(latencies, count * 2);
      }
      latencies[count++] = nanos;
    }

    void error(String what) {
      errors++;
      if (errorSamples.size() < 5) {
        errorSamples.merge(what, 1L, Long::sum);
      } else {
        errorSamples.computeIfPresent(what, (k, v) -> v + 1);
      }
    }
  }

  private final String host;
  private final int port;
  private final boolean paced;
  private final long intervalNanos;
  private final long timeoutNanos;
  private final long abandonNanos;
  private long windowStart;
  private long windowEnd;

  private StatusLoadGen(
      String host, int port, boolean paced, long intervalNanos, long timeoutNanos) {
    this.host = host;
    this.port = port;
    this.paced = paced;
    this.intervalNanos = intervalNanos;
    this.timeoutNanos = timeoutNanos;
    this.abandonNanos = Math.max(60_000_000_000L, 6 * timeoutNanos);
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 10) {
      System.err.println(
          "usage: StatusLoadGen host port ping|SESSIONS.tsv closed|paced connections warmupS measureS"
              + " intervalMs timeoutMs threads [pid:label ...]");
      System.exit(2);
    }
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    String target = args[2];
    boolean paced =
        switch (args[3]) {
          case "closed" -> false;
          case "paced" -> true;
          default -> throw new IllegalArgumentException("mode must be closed or paced: " + args[3]);
        };
    int connections = Integer.parseInt(args[4]);
    double warmup = Double.parseDouble(args[5]);
    double measure = Double.parseDouble(args[6]);
    long intervalNanos = Long.parseLong(args[7]) * 1_000_000L;
    long timeoutNanos = Long.parseLong(args[8]) * 1_000_000L;
    int threads = Math.max(1, Math.min(connections, Integer.parseInt(args[9])));
    List<String> pids = Arrays.asList(args).subList(10, args.length);

    Target[][] perConn = assignTargets(target, connections);
    StatusLoadGen gen = new StatusLoadGen(host, port, paced, intervalNanos, timeoutNanos);
    gen.run(perConn, warmup, measure, threads, pids);
  }

  /** Poller i gets coach (i mod coaches)'s sessions, in file order; for ping, the one path. */
  private static Target[][] assignTargets(String target, int connections) throws IOException {
    Target[][] perConn = new Target[connections][];
    if (target.equals("ping")) {
      Target[] ping = {new Target("/ping", null)};
      Arrays.fill(perConn, ping);
      return perConn;
    }
    Map<String, List<Target>> byCoach = new LinkedHashMap<>();
    for (String line : Files.readAllLines(Path.of(target))) {
      String[] cols = line.strip().split("\t");
      if (cols.length < 2) {
        continue;
      }
      byCoach
          .computeIfAbsent(cols[1], c -> new ArrayList<>())
          .add(new Target("/api/v1/sessions/" + cols[0] + "/status", cols[1]));
    }
    if (byCoach.isEmpty()) {
      throw new IllegalArgumentException("no sessions in " + target);
    }
    List<Target[]> coaches = byCoach.values().stream().map(l -> l.toArray(Target[]::new)).toList();
    for (int i = 0; i < connections; i++) {
      perConn[i] = coaches.get(i % coaches.size());
    }
    return perConn;
  }

  private void run(
      Target[][] perConn, double warmupS, double measureS, int threads, List<String> pids)
      throws Exception {
    int connections = perConn.length;
    long start = System.nanoTime();
    windowStart = start + (long) (warmupS * 1e9);
    windowEnd = windowStart + (long) (measureS * 1e9);

    List<List<Conn>> groups = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      groups.add(new ArrayList<>());
    }
    for (int i = 0; i < connections; i++) {
      Conn c = new Conn(i, perConn[i]);
      c.nextTarget = i; // pollers of the same coach start at different sessions
      // Paced: phases spread evenly over one interval, so the offered load is flat from the start.
      c.nextDueAt = start + intervalNanos * i / connections;
      groups.get(i % threads).add(c);
    }

    Stats[] stats = new Stats[threads];
    Thread[] workers = new Thread[threads];
    CountDownLatch done = new CountDownLatch(threads);
    Throwable[] failure = new Throwable[1];
    for (int t = 0; t < threads; t++) {
      Stats s = stats[t] = new Stats();
      List<Conn> group = groups.get(t);
      workers[t] =
          new Thread(
              () -> {
                try {
                  loop(group, s);
                } catch (Throwable e) {
                  failure[0] = e;
                } finally {
                  done.countDown();
                }
              },
              "load-" + t);
      workers[t].start();
    }

    // CPU accounting over the measurement window.
    sleepUntil(windowStart);
    Map<String, Map<String, Double>> cpuBefore = cpuSeconds(pids);
    double selfBefore = selfCpuSeconds();
    double[] machineBefore = machineCpu();
    long cpuT0 = System.nanoTime();
    sleepUntil(windowEnd);
    Map<String, Map<String, Double>> cpuAfter = cpuSeconds(pids);
    double selfAfter = selfCpuSeconds();
    double[] machineAfter = machineCpu();
    double cpuWall = (System.nanoTime() - cpuT0) / 1e9;
    done.await();
    if (failure[0] != null) {
      throw new RuntimeException("load thread failed", failure[0]);
    }

    Stats all = new Stats();
    for (Stats s : stats) {
      for (int i = 0; i < s.count; i++) {
        all.latency(s.latencies[i]);
      }
      all.completedInWindow += s.completedInWindow;
      all.errors += s.errors;
      all.timeouts += s.timeouts;
      all.connectionErrors += s.connectionErrors;
      all.warmupErrors += s.warmupErrors;
      all.sent += s.sent;
      s.codes.forEach((k, v) -> all.codes.merge(k, v, Long::sum));
      s.errorSamples.forEach((k, v) -> all.errorSamples.merge(k, v, Long::sum));
    }
    long[] lat = Arrays.copyOf(all.latencies, all.count);
    Arrays.sort(lat);
    double seconds = (windowEnd - windowStart) / 1e9;
    out("requests", all.count);
    out("throughput", String.format(Locale.ROOT, "%.1f", all.completedInWindow / seconds));
    out("p50_ms", ms(percentile(lat, 50)));
    out("p90_ms", ms(percentile(lat, 90)));
    out("p99_ms", ms(percentile(lat, 99)));
    out("p999_ms", ms(percentile(lat, 99.9)));
    out("max_ms", ms(lat.length == 0 ? -1 : lat[lat.length - 1]));
    out("mean_ms", ms(lat.length == 0 ? -1 : (long) Arrays.stream(lat).average().orElse(0)));
    out("errors", all.errors);
    out("timeouts", all.timeouts);
    out("connection_errors", all.connectionErrors);
    out("warmup_errors", all.warmupErrors);
    StringBuilder codes = new StringBuilder();
    all.codes.forEach(
        (k, v) -> codes.append(codes.length() == 0 ? "" : ",").append(k).append(':').append(v));
    out("codes", codes.length() == 0 ? "-" : codes);
    StringBuilder samples = new StringBuilder();
    all.errorSamples.forEach(
        (k, v) ->
            samples.append(samples.length() == 0 ? "" : "; ").append(k).append(" x").append(v));
    out("error_samples", samples.length() == 0 ? "-" : samples.toString().replace(' ', '_'));
    out("window_seconds", String.format(Locale.ROOT, "%.1f", seconds));
    for (String pid : pids) {
      String label = label(pid);
      Map<String, Double> b = cpuBefore.getOrDefault(label, Map.of());
      Map<String, Double> a = cpuAfter.get(label);
      if (a != null) {
        // Per process: one that started in the window counts whole, one that exited in it is lost
        // (an
        // underestimate, e.g. a PostgreSQL backend closed by the pool's idle eviction).
        double used = 0;
        for (Map.Entry<String, Double> e : a.entrySet()) {
          used += Math.max(0, e.getValue() - b.getOrDefault(e.getKey(), 0.0));
        }
        out(
            "cpu_" + label.replace("+children", ""),
            String.format(Locale.ROOT, "%.2f", used / cpuWall));
      }
    }
    out("cpu_loadgen", String.format(Locale.ROOT, "%.2f", (selfAfter - selfBefore) / cpuWall));
    if (machineBefore != null && machineAfter != null) {
      double busy = machineAfter[0] - machineBefore[0];
      double total = machineAfter[1] - machineBefore[1];
      out(
          "cpu_machine_busy",
          String.format(
              Locale.ROOT,
              "%.2f",
              total <= 0 ? 0 : busy / total * Runtime.getRuntime().availableProcessors()));
    }
  }

  // ---- the event loop
  // -------------------------------------------------------------------------------------

  private void loop(List<Conn> conns, Stats stats) throws IOException {
    Selector selector = Selector.open();
    InetSocketAddress address = new InetSocketAddress(host, port);
    for (Conn c : conns) {
      open(c, selector, address);
    }
    PriorityQueue<Conn> due = new PriorityQueue<>((a, b) -> Long.compare(a.nextDueAt, b.nextDueAt));
    if (paced) {
      due.addAll(conns);
    }
    long lastTimeoutScan = System.nanoTime();
    // Runs until the window ends, then drains: answers to requests due inside the window are still
    // awaited
    // (up to the timeout), so slow answers at the end are not silently dropped from the latencies.
    long drainUntil = windowEnd + timeoutNanos + 200_000_000L;
    while (true) {
      long now = System.nanoTime();
      if (now >= windowEnd && (now >= drainUntil || conns.stream().noneMatch(c -> c.busy))) {
        break;
      }
      // Paced: fire every poller whose next request is due.
      if (paced) {
        while (!due.isEmpty() && due.peek().nextDueAt <= now && due.peek().nextDueAt < windowEnd) {
          Conn c = due.poll();
          long at = c.nextDueAt;
          c.nextDueAt += intervalNanos;
          due.add(c);
          if (c.busy || c.channel == null || !c.channel.isConnected()) {
            if (!c.missedDue) {
              c.missedDue =
                  true; // sent as soon as the connection is free, timed from when it was due
              c.missedDueAt = at;
            }
            continue;
          }
          send(c, at, stats);
        }
      }
      long waitMs = 20;
      if (paced && !due.isEmpty()) {
        waitMs = Math.max(1, Math.min(waitMs, (due.peek().nextDueAt - now) / 1_000_000));
      }
      selector.select(waitMs);
      Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
      while (keys.hasNext()) {
        SelectionKey key = keys.next();
        keys.remove();
        Conn c = (Conn) key.attachment();
        try {
          if (!key.isValid()) {
            continue;
          }
          if (key.isConnectable()) {
            c.channel.finishConnect();
            key.interestOps(SelectionKey.OP_READ);
            onIdle(c, stats);
            continue;
          }
          if (key.isWritable()) {
            c.channel.write(c.out);
            if (!c.out.hasRemaining()) {
              key.interestOps(SelectionKey.OP_READ);
            }
          }
          if (key.isReadable()) {
            read(c, stats, selector, address);
          }
        } catch (IOException e) {
          failConnection(c, stats, "io:" + e.getClass().getSimpleName(), selector, address);
        }
      }
      now = System.nanoTime();
      if (now - lastTimeoutScan > 100_000_000L) {
        lastTimeoutScan = now;
        for (Conn c : conns) {
          if (c.busy && now - c.dueAt > abandonNanos) {
            if (inWindow(c.dueAt)) {
              stats.timeouts++;
              stats.error("timeout");
            } else if (c.dueAt < windowStart) {
              stats.warmupErrors++;
            }
            c.busy = false;
            reopen(c, selector, address);
          } else if (c.channel == null && now < windowEnd) {
            reopen(c, selector, address); // an earlier reconnect failed
          }
        }
      }
    }
    for (Conn c : conns) {
      if (c.busy && inWindow(c.dueAt)) {
        stats.timeouts++; // due inside the window, still unanswered after draining for one timeout
        stats.error("timeout");
      }
      if (c.missedDue && inWindow(c.missedDueAt)) {
        stats.timeouts++; // paced: fell due inside the window, never sent because the previous one
        // was slow
        stats.error("timeout");
      }
      close(c);
    }
    selector.close();
  }

  private void open(Conn c, Selector selector, InetSocketAddress address) throws IOException {
    c.channel = SocketChannel.open();
    c.channel.configureBlocking(false);
    c.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    c.in.clear();
    if (c.channel.connect(address)) {
      c.key = c.channel.register(selector, SelectionKey.OP_READ, c);
      onIdle(c, null);
    } else {
      c.key = c.channel.register(selector, SelectionKey.OP_CONNECT, c);
    }
  }

  private void reopen(Conn c, Selector selector, InetSocketAddress address) {
    close(c);
    try {
      open(c, selector, address);
    } catch (IOException e) {
      c.channel = null; // retried at the next due time / timeout scan
    }
  }

  private static void close(Conn c) {
    if (c.key != null) {
      c.key.cancel();
    }
    if (c.channel != null) {
      try {
        c.channel.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /**
   * A connection is free: closed mode sends at once, paced mode sends a request that fell due
   * meanwhile.
   */
  private void onIdle(Conn c, Stats stats) throws IOException {
    if (!paced) {
      send(c, System.nanoTime(), stats);
    } else if (c.missedDue) {
      // The oldest missed due time is what the poller waited from; later missed ones are folded
      // into it.
      c.missedDue = false;
      send(c, c.missedDueAt, stats);
    }
  }

  private void send(Conn c, long dueAt, Stats stats) throws IOException {
    if (System.nanoTime() >= windowEnd) {
      return;
    }
    Target t = c.targets[c.nextTarget++ % c.targets.length];
    StringBuilder req = new StringBuilder(160);
    req.append("GET ")
        .append(t.path())
        .append(" HTTP/1.1\r\nHost: ")
        .append(host)
        .append(':')
        .append(port);
    req.append("\r\nAccept: application/json\r\n");
    if (t.token() != null) {
      req.append("Authorization: Bearer ").append(t.token()).append("\r\n");
    }
    req.append("\r\n");
    c.out = ByteBuffer.wrap(req.toString().getBytes(StandardCharsets.US_ASCII));
    c.busy = true;
    c.dueAt = dueAt;
    if (stats != null) {
      stats.sent++;
    }
    c.channel.write(c.out);
    if (c.out.hasRemaining()) {
      c.key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }
  }

  private void read(Conn c, Stats stats, Selector selector, InetSocketAddress address)
      throws IOException {
    if (!c.in.hasRemaining()) {
      c.in = ByteBuffer.allocate(c.in.capacity() * 2).put(c.in.flip());
    }
    int n = c.channel.read(c.in);
    if (n < 0) {
      if (c.busy) {
        failConnection(c, stats, "closed_by_server", selector, address);
      } else {
        reopen(c, selector, address); // an idle keep-alive connection closed: not a failed request
      }
      return;
    }
    if (!c.busy) {
      c.in.clear(); // bytes nobody asked for; ignore
      return;
    }
    int status = complete(c);
    if (status == 0) {
      return; // not complete yet
    }
    long now = System.nanoTime();
    c.busy = false;
    c.in.clear();
    boolean ok = status >= 200 && status < 300 || status == 304;
    if (inWindow(c.dueAt)) {
      stats.codes.merge(status, 1L, Long::sum);
      if (now - c.dueAt > timeoutNanos) {
        stats.timeouts++;
        stats.error("timeout");
      } else if (!ok) {
        stats.error("http_" + status);
      }
      stats.latency(now - c.dueAt);
    } else if (!ok && c.dueAt < windowStart) {
      stats.warmupErrors++;
    }
    if (ok && now >= windowStart && now < windowEnd) {
      stats.completedInWindow++;
    }
    if (c.closeAfter) {
      reopen(c, selector, address);
      return;
    }
    onIdle(c, stats);
  }

  private void failConnection(
      Conn c, Stats stats, String what, Selector selector, InetSocketAddress address) {
    if (c.busy) {
      if (inWindow(c.dueAt)) {
        stats.connectionErrors++;
        stats.error(what);
      } else {
        stats.warmupErrors++;
      }
    }
    c.busy = false;
    reopen(c, selector, address);
  }

  private boolean inWindow(long dueAt) {
    return dueAt >= windowStart && dueAt < windowEnd;
  }

  // ---- a minimal HTTP/1.1 response parser
  // --------------------------------------------------------------------

  /**
   * 0 while the response in the connection's buffer (position = bytes read) is incomplete, else its
   * status.
   */
  private static int complete(Conn c) {
    ByteBuffer buf = c.in;
    byte[] a = buf.array();
    int len = buf.position();
    int headerEnd = indexOf(a, 0, len, "\r\n\r\n");
    if (headerEnd < 0) {
      return 0;
    }
    String head = new String(a, 0, headerEnd, StandardCharsets.ISO_8859_1);
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
    long contentLength = -1;
    boolean chunked = false;
    boolean close = false;
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon < 0) {
        continue;
      }
      String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
      switch (name) {
        case "content-length" -> contentLength = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.contains("chunked");
        case "connection" -> close = value.contains("close");
        default -> {}
      }
    }
    int body = headerEnd + 4;
    boolean done;
    if (status == 204 || status == 304 || status / 100 == 1) {
      done = true;
    } else if (chunked) {
      done = chunkedComplete(a, body, len);
    } else if (contentLength >= 0) {
      done = len - body >= contentLength;
    } else {
      // Delimited by close: treat what we have as the answer and reopen the connection.
      done = true;
      close = true;
    }
    c.closeAfter = close;
    return done ? status : 0;
  }

  private static boolean chunkedComplete(byte[] a, int from, int len) {
    int pos = from;
    while (true) {
      int lineEnd = indexOf(a, pos, len, "\r\n");
      if (lineEnd < 0) {
        return false;
      }
      String sizeText = new String(a, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
      int semi = sizeText.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? sizeText : sizeText.substring(0, semi)).trim(), 16);
      pos = lineEnd + 2;
      if (size == 0) {
        // Trailers (normally none) end with an empty line.
        return indexOf(a, pos - 2, len, "\r\n\r\n") >= 0;
      }
      pos += size + 2;
      if (pos > len) {
        return false;
      }
    }
  }

  private static int indexOf(byte[] a, int from, int to, String what) {
    byte[] w = what.getBytes(StandardCharsets.US_ASCII);
    outer:
    for (int i = Math.max(0, from); i <= to - w.length; i++) {
      for (int j = 0; j < w.length; j++) {
        if (a[i + j] != w[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  // ---- numbers
  // -----------------------------------------------------------------------------------------------

  private static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return -1;
    }
    int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private static String ms(long nanos) {
    return nanos < 0 ? "NaN" : String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }

  private static void out(String key, Object value) {
    System.out.println("LOAD " + key + "=" + value);
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, left / 1_000_000));
    }
  }

  private static String label(String pidSpec) {
    int colon = pidSpec.indexOf(':');
    return colon < 0 ? pidSpec : pidSpec.substring(colon + 1);
  }

  /**
   * CPU seconds (user + system) per label, per process: the labelled pid and, for a "+children"
   * label, its direct children.
   */
  private static Map<String, Map<String, Double>> cpuSeconds(List<String> pidSpecs) {
    Map<String, Map<String, Double>> result = new LinkedHashMap<>();
    long ticks = 100; // USER_HZ on Linux
    for (String spec : pidSpecs) {
      int colon = spec.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String pid = spec.substring(0, colon);
      String label = spec.substring(colon + 1);
      double own = procTicks(pid);
      if (own < 0) {
        continue;
      }
      Map<String, Double> perPid = new LinkedHashMap<>();
      perPid.put(pid, own / ticks);
      if (label.endsWith("+children")) {
        try (var dirs = Files.list(Path.of("/proc"))) {
          for (Path dir : (Iterable<Path>) dirs::iterator) {
            String name = dir.getFileName().toString();
            if (!name.chars().allMatch(Character::isDigit)) {
              continue;
            }
            String[] stat = procStat(name);
            if (stat != null && stat[1].equals(pid)) {
              double child = procTicks(name);
              if (child >= 0) {
                perPid.put(name, child / ticks);
              }
            }
          }
        } catch (IOException ignored) {
          // best effort
        }
      }
      result.put(label, perPid);
    }
    return result;
  }

  /**
   * Fields after the command name of /proc/PID/stat: [0]=state, [1]=ppid, ... [11]=utime,
   * [12]=stime.
   */
  private static String[] procStat(String pid) {
    try {
      String stat = Files.readString(Path.of("/proc", pid, "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static double procTicks(String pid) {
    String[] f = procStat(pid);
    return f == null ? -1 : Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  private static double selfCpuSeconds() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime() / 1e9;
    }
    return 0;
  }

  /** [busy, total] jiffies of the whole machine from /proc/stat. */
  private static double[] machineCpu() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      double total = 0;
      for (int i = 1; i < f.length && i <= 8; i++) {
        total += Double.parseDouble(f[i]);
      }
      double idle = Double.parseDouble(f[4]) + Double.parseDouble(f[5]);
      return new double[] {total - idle, total};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
