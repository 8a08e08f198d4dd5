package com.coachtrack.service.errors;

import com.coachtrack.service.api.ErrorBody;

/** An error the caller can act on; rendered as {@code {"error": code, "message": message}}. */
public class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final Integer retryAfterSeconds;

  public ApiException(int status, String code, String message) {
    this(status, code, message, null);
  }

  public ApiException(int status, String code, String message, Integer retryAfterSeconds) {
    super(message);
    this.status = status;
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public Integer retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The JSON body every refusal is sent with. */
  public ErrorBody body() {
    return new ErrorBody(code, getMessage());
  }

  public static ApiException notFound() {
    return new ApiException(
        404,
        "session_not_found",
        "No such session. Check the link, or find it in your list of sessions.");
  }
}
