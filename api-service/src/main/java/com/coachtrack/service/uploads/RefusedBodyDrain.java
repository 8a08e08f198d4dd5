package com.coachtrack.service.uploads;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;

/**
 * A request refused before its body was read (no credential, a missing CSRF header, too many
 * uploads, a file over the limit) must not leave its connection in doubt. Jetty closes a connection
 * whose request body was not consumed, after an answer that already said "keep-alive": a client
 * that sends its next request on it reads nothing back ("header parser received no bytes", seen
 * twice in CI), and unread bytes at the close can turn into a reset that loses the answer itself.
 * So, as nginx's lingering close does, the answer goes out first and what is left of a small body
 * is read and dropped, which keeps the connection good; a larger body is not waited for, and the
 * answer says {@code Connection: close} while it still can.
 */
public final class RefusedBodyDrain implements Filter {
  static final long MAX_BYTES = 1024 * 1024;
  static final Duration MAX_TIME = Duration.ofSeconds(2);
  private static final int REQUEST_TIMEOUT = 408;

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    chain.doFilter(request, response);
    HttpServletRequest in = (HttpServletRequest) request;
    HttpServletResponse out = (HttpServletResponse) response;
    if (!refusedWithABody(in, out)) {
      return;
    }
    long declared = in.getContentLengthLong();
    if (declared > MAX_BYTES || out.getStatus() == REQUEST_TIMEOUT) {
      if (!out.isCommitted()) {
        out.setHeader("Connection", "close");
      }
      return;
    }
    drain(in, out);
  }

  private static boolean refusedWithABody(HttpServletRequest in, HttpServletResponse out) {
    if (out.getStatus() < 400 || in.isAsyncStarted()) {
      return false;
    }
    if ("100-continue".equalsIgnoreCase(in.getHeader("Expect"))) {
      return false; // the client sends no body after a final answer
    }
    return in.getContentLengthLong() > 0
        || "chunked".equalsIgnoreCase(in.getHeader("Transfer-Encoding"));
  }

  private static void drain(HttpServletRequest in, HttpServletResponse out) {
    try {
      out.flushBuffer(); // the answer first: the client may stop sending once it reads it
      ServletInputStream body = in.getInputStream();
      byte[] buffer = new byte[16 * 1024];
      long deadline = System.nanoTime() + MAX_TIME.toNanos();
      long read = 0;
      while (read <= MAX_BYTES && System.nanoTime() < deadline) {
        int n = body.read(buffer);
        if (n < 0) {
          return;
        }
        read += n;
      }
    } catch (IOException | IllegalStateException e) {
      // the client went away, or the body was taken as a reader: Jetty closes the connection
    }
  }
}
