package com.coachtrack.service.cli;

/** Exceptions told in one line for a person at a terminal: what happened, no stack trace. */
final class ErrorText {
  private ErrorText() {}

  /**
   * "ConnectException: Connection refused", with the cause when it adds something
   * ("HttpTimeoutException, caused by ...").
   */
  static String describe(Throwable e) {
    StringBuilder text = new StringBuilder();
    String previousMessage = null;
    int levels = 0;
    for (Throwable t = e;
        t != null && levels < 3;
        t = t.getCause() == t ? null : t.getCause(), levels++) {
      String message =
          t.getMessage() == null || t.getMessage().isBlank() ? null : t.getMessage().strip();
      if (levels > 0 && message != null && message.equals(previousMessage)) {
        continue;
      }
      if (levels > 0) {
        text.append(", caused by ");
      }
      text.append(t.getClass().getSimpleName());
      if (message != null) {
        text.append(": ").append(message);
      }
      previousMessage = message;
    }
    return text.toString();
  }
}
