package com.coachtrack.service.quotas;

import com.coachtrack.service.api.ErrorBody;
import com.coachtrack.service.api.QuotaView;
import com.coachtrack.service.errors.ApiException;

/** 429 {@code quota_exceeded}, with the quota's figures in the body. */
public final class QuotaExceededException extends ApiException {
  private static final long serialVersionUID = 1L;
  private final transient QuotaView quota;

  QuotaExceededException(String message, QuotaView quota, Integer retryAfterSeconds) {
    super(429, "quota_exceeded", message, retryAfterSeconds);
    this.quota = quota;
  }

  public QuotaView quota() {
    return quota;
  }

  @Override
  public ErrorBody body() {
    return new ErrorBody(code(), getMessage(), quota);
  }
}
