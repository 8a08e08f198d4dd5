package com.coachtrack.service.errors;

import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Requests Jetty refuses before they reach the API (ambiguous paths, bad headers) get the same JSON
 * error body as everything else, never an HTML page.
 */
public class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(
      Request request,
      Response response,
      int code,
      String message,
      Throwable cause,
      Callback callback) {
    String error = code >= 500 ? "temporarily_unavailable" : "bad_request";
    String text =
        code >= 500
            ? "Something went wrong on our side. Try again in a minute."
            : "The request was malformed (" + code + "). Check the address and try again.";
    String body = "{\"error\":\"" + error + "\",\"message\":\"" + text + "\"}";
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.write(true, BufferUtil.toBuffer(body.getBytes(StandardCharsets.UTF_8)), callback);
  }
}
