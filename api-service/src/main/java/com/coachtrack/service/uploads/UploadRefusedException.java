package com.coachtrack.service.uploads;

import com.coachtrack.service.errors.ApiException;
import java.io.IOException;
import java.util.Optional;

/**
 * Thrown from the guarded request body when the upload broke a limit. An {@link IOException}, so
 * the multipart parser passes it on (possibly wrapped) like any failed read; {@link #in(Throwable)}
 * finds it again for the answer.
 */
public final class UploadRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient ApiException refusal;

  public UploadRefusedException(ApiException refusal) {
    super(refusal.getMessage());
    this.refusal = refusal;
  }

  public ApiException refusal() {
    return refusal;
  }

  /** The refusal behind a failure, if a limit caused it. */
  public static Optional<ApiException> in(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof UploadRefusedException refused) {
        return Optional.of(refused.refusal());
      }
    }
    return Optional.empty();
  }
}
