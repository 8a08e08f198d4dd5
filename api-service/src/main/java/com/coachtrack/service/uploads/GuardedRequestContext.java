package com.coachtrack.service.uploads;

import jakarta.servlet.http.HttpServletRequest;
import java.io.InputStream;
import org.apache.commons.fileupload2.jakarta.servlet6.JakartaServletRequestContext;

/** The request as the multipart parser sees it, its body read through the upload's limits. */
final class GuardedRequestContext extends JakartaServletRequestContext {
  private final InputStream body;

  GuardedRequestContext(HttpServletRequest request, InputStream body) {
    super(request);
    this.body = body;
  }

  @Override
  public InputStream getInputStream() {
    return body;
  }
}
