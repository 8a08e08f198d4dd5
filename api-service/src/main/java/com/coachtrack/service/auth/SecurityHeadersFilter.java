package com.coachtrack.service.auth;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Headers every answer carries, pages, assets and API alike: the page may only load its own
 * scripts, styles and images and may not be framed (clickjacking); the browser must not guess
 * types; links do not leak paths; and over HTTPS, the browser remembers to stay on HTTPS.
 */
public final class SecurityHeadersFilter implements Filter {
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'self';"
          + " form-action 'self'; frame-ancestors 'none'";

  private final TrustedProxies proxies;

  public SecurityHeadersFilter(TrustedProxies proxies) {
    this.proxies = proxies;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    HttpServletResponse out = (HttpServletResponse) response;
    out.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    out.setHeader("X-Content-Type-Options", "nosniff");
    out.setHeader("Referrer-Policy", "same-origin");
    out.setHeader("X-Frame-Options", "DENY");
    if (proxies.isHttps((HttpServletRequest) request)) {
      out.setHeader("Strict-Transport-Security", "max-age=31536000");
    }
    chain.doFilter(request, response);
  }
}
