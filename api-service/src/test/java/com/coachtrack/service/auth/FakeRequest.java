package com.coachtrack.service.auth;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The few parts of a servlet request that credentials and proxies are read from: a remote address,
 * headers, cookies. Everything else answers as a plain HTTP request with nothing in it would.
 */
final class FakeRequest {
  private final String remote;
  private String method = "GET";
  private final Map<String, String> headers = new HashMap<>();
  private final Map<String, String> cookies = new HashMap<>();

  private FakeRequest(String remote) {
    this.remote = remote;
  }

  static FakeRequest from(String remote) {
    return new FakeRequest(remote);
  }

  FakeRequest with(String header, String value) {
    headers.put(header.toLowerCase(Locale.ROOT), value);
    return this;
  }

  FakeRequest method(String name) {
    this.method = name;
    return this;
  }

  FakeRequest cookie(String name, String value) {
    cookies.put(name, value);
    return this;
  }

  HttpServletRequest build() {
    return (HttpServletRequest)
        Proxy.newProxyInstance(
            HttpServletRequest.class.getClassLoader(),
            new Class<?>[] {HttpServletRequest.class},
            (proxy, call, args) ->
                switch (call.getName()) {
                  case "getRemoteAddr" -> remote;
                  case "getHeader" -> headers.get(((String) args[0]).toLowerCase(Locale.ROOT));
                  case "getCookies" ->
                      cookies.isEmpty()
                          ? null
                          : cookies.entrySet().stream()
                              .map(e -> new Cookie(e.getKey(), e.getValue()))
                              .toArray(Cookie[]::new);
                  case "isSecure" -> false;
                  case "getMethod" -> method;
                  case "toString" -> "FakeRequest[" + remote + "]";
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> null;
                });
  }
}
