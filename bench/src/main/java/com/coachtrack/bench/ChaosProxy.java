package com.coachtrack.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy between the app processes and PostgreSQL that {@code bench/chaos} can cut. While cut,
 * its listening socket is closed, so new connections are refused (ECONNREFUSED), and every open
 * connection is reset (RST on both sides): what a database failover or a network partition with
 * resets looks like to a JDBC pool. {@link #restore} listens again on the same port. Two threads
 * per connection copy bytes; a pool of a few dozen connections costs nothing worth measuring.
 */
final class ChaosProxy implements AutoCloseable {
  private final int listenPort;
  private final int targetPort;
  private final Set<Pair> pairs = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private ServerSocket server;
  private boolean up;

  ChaosProxy(int listenPort, int targetPort) {
    this.listenPort = listenPort;
    this.targetPort = targetPort;
  }

  int port() {
    return listenPort;
  }

  long acceptedConnections() {
    return accepted.get();
  }

  int openConnections() {
    return pairs.size();
  }

  synchronized boolean isUp() {
    return up;
  }

  /** Listens (again). */
  synchronized void restore() throws IOException {
    if (up) {
      return;
    }
    ServerSocket socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(new InetSocketAddress("127.0.0.1", listenPort), 512);
    server = socket;
    up = true;
    Thread acceptor = new Thread(() -> acceptLoop(socket), "db-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * Refuses new connections and resets the open ones.
   *
   * @return how many open connections were reset
   */
  synchronized int cut() {
    if (!up) {
      return 0;
    }
    up = false;
    closeQuietly(server);
    int reset = 0;
    for (Pair pair : pairs) {
      pair.reset();
      reset++;
    }
    pairs.clear();
    return reset;
  }

  @Override
  public void close() {
    cut();
  }

  private void acceptLoop(ServerSocket socket) {
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        return; // closed by cut()
      }
      Socket upstream = new Socket();
      try {
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        upstream.connect(new InetSocketAddress("127.0.0.1", targetPort), 5_000);
      } catch (IOException e) {
        reset(client);
        reset(upstream);
        continue;
      }
      Pair pair = new Pair(client, upstream);
      synchronized (this) {
        if (!up || server != socket) {
          pair.reset();
          continue;
        }
        pairs.add(pair);
        accepted.incrementAndGet();
      }
      pair.start();
    }
  }

  /** A client connection and its upstream connection, copied both ways. */
  private final class Pair {
    private final Socket client;
    private final Socket upstream;

    Pair(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void start() {
      copy(client, upstream, "db-proxy-up");
      copy(upstream, client, "db-proxy-down");
    }

    private void copy(Socket from, Socket to, String name) {
      Thread thread =
          new Thread(
              () -> {
                byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream();
                    OutputStream out = to.getOutputStream()) {
                  int n;
                  while ((n = in.read(buffer)) >= 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                  }
                } catch (IOException e) {
                  // reset, or the other side went away
                } finally {
                  pairs.remove(this);
                  closeQuietly(client);
                  closeQuietly(upstream);
                }
              },
              name);
      thread.setDaemon(true);
      thread.start();
    }

    void reset() {
      ChaosProxy.reset(client);
      ChaosProxy.reset(upstream);
    }
  }

  /** Closes with SO_LINGER 0, which sends RST instead of FIN: the peer sees a reset connection. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (IOException e) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      if (closeable != null) {
        closeable.close();
      }
    } catch (Exception e) {
      // nothing to do
    }
  }
}
