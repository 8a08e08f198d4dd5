package com.coachtrack.service;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A POST to /api/v1/sessions over a plain socket, its body written as the test decides: all at
 * once, in chunks without a Content-Length, or a few bytes at a time. The server may answer before
 * the body is done (a refusal), which {@link #send} notices so the answer is never lost to a reset.
 */
final class RawUpload implements AutoCloseable {
  private final Socket socket;
  private final OutputStream out;
  private final InputStream in;
  private final boolean chunked;
  private boolean broken;

  private RawUpload(Socket socket, boolean chunked) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = socket.getInputStream();
    this.chunked = chunked;
  }

  /**
   * Sends the request head; the body follows with {@link #send}.
   *
   * @param contentLength the declared length, or -1 for a chunked body
   */
  static RawUpload start(int port, String coach, String contentType, long contentLength)
      throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
    socket.setTcpNoDelay(true);
    RawUpload upload = new RawUpload(socket, contentLength < 0);
    StringBuilder head =
        new StringBuilder("POST /api/v1/sessions HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
    if (coach != null) {
      head.append("X-Coach-Id: ")
          .append(coach)
          .append("\r\nX-Proxy-Secret: ")
          .append(ApiClient.PROXY_SECRET)
          .append("\r\n");
    }
    head.append("Content-Type: ").append(contentType).append("\r\n");
    head.append(
        contentLength < 0
            ? "Transfer-Encoding: chunked\r\n"
            : "Content-Length: " + contentLength + "\r\n");
    head.append("Connection: close\r\n\r\n");
    upload.out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
    upload.out.flush();
    return upload;
  }

  /** A whole body at once, then the answer. */
  static RawResponse post(int port, String coach, String contentType, byte[] body)
      throws IOException {
    try (RawUpload upload = start(port, coach, contentType, body.length)) {
      for (int offset = 0; offset < body.length; offset += 64 * 1024) {
        int length = Math.min(64 * 1024, body.length - offset);
        if (!upload.send(java.util.Arrays.copyOfRange(body, offset, offset + length))) {
          break;
        }
      }
      return upload.response(Duration.ofSeconds(60));
    }
  }

  /**
   * Writes part of the body (one chunk when chunked).
   *
   * @return false once the server has answered or the connection is gone: stop sending
   */
  boolean send(byte[] bytes) {
    if (broken || answered()) {
      return false;
    }
    try {
      if (chunked) {
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      } else {
        out.write(bytes);
      }
      out.flush();
      return true;
    } catch (IOException e) {
      broken = true;
      return false;
    }
  }

  /** Ends a chunked body. */
  void finish() {
    if (chunked) {
      send(new byte[0]);
    }
  }

  /** Whether an answer has started to arrive. */
  boolean answered() {
    try {
      return in.available() > 0;
    } catch (IOException e) {
      return false;
    }
  }

  /** Reads the answer (the server closes the connection after it). */
  RawResponse response(Duration timeout) throws IOException {
    socket.setSoTimeout((int) timeout.toMillis());
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int read;
      while ((read = in.read(buffer)) != -1) {
        all.write(buffer, 0, read);
        RawResponse complete = parse(all.toByteArray());
        if (complete != null) {
          return complete;
        }
      }
    } catch (SocketTimeoutException e) {
      throw new IOException("No complete answer within " + timeout + ": " + all, e);
    } catch (IOException e) {
      // A reset after the answer arrived: what was read still counts.
      RawResponse complete = parse(all.toByteArray());
      if (complete != null) {
        return complete;
      }
      throw e;
    }
    RawResponse complete = parse(all.toByteArray());
    if (complete == null) {
      throw new IOException("The connection closed without a complete answer: " + all);
    }
    return complete;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** The answer if all of it has arrived (head, and a body as long as its Content-Length). */
  private static RawResponse parse(byte[] received) {
    String text = new String(received, StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return null;
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new HashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    String body = text.substring(end + 4);
    String length = headers.get("content-length");
    if (length != null) {
      if (body.getBytes(StandardCharsets.UTF_8).length < Integer.parseInt(length)) {
        return null;
      }
    } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      if (!body.endsWith("0\r\n\r\n")) {
        return null;
      }
      body = unchunk(body);
    }
    return new RawResponse(status, headers, body);
  }

  private static String unchunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).trim(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }
}
