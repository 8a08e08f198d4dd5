package com.coachtrack.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy a test puts between the application and PostgreSQL, to fail the network for real:
 * {@link #cut} drops every connection and refuses new ones (the database host is gone), {@link
 * #reset} resets the open connections mid-transaction (RST), {@link #delay} slows every chunk
 * forwarded, and {@link #restore} lets connections through again.
 */
final class TcpProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile boolean cut;
  private volatile long delayMillis;
  private volatile boolean closed;

  TcpProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    try {
      this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Drops every open connection and refuses new ones until {@link #restore}. */
  void cut() {
    cut = true;
    closeAll(false);
  }

  /** Resets every open connection (RST), as a network failure mid-transaction would. */
  void reset() {
    closeAll(true);
  }

  void delay(Duration delay) {
    delayMillis = delay.toMillis();
  }

  void restore() {
    cut = false;
    delayMillis = 0;
  }

  @Override
  public void close() {
    closed = true;
    closeAll(false);
    try {
      listener.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        if (cut) {
          client.setSoLinger(true, 0);
          client.close();
          continue;
        }
        Socket server = new Socket(targetHost, targetPort);
        open.add(client);
        open.add(server);
        pump(client, server);
        pump(server, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  long delay = delayMillis;
                  if (delay > 0) {
                    Thread.sleep(delay);
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException | InterruptedException e) {
                // one side went away: the other is closed below
              } finally {
                quietlyClose(from, false);
                quietlyClose(to, false);
              }
            },
            "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private void closeAll(boolean reset) {
    for (Socket socket : open) {
      quietlyClose(socket, reset);
    }
    open.clear();
  }

  private static void quietlyClose(Socket socket, boolean reset) {
    try {
      if (reset) {
        socket.setSoLinger(true, 0);
      }
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
