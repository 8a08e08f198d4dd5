package com.coachtrack.service.uploads;

import com.coachtrack.service.errors.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.commons.fileupload2.core.RequestContext;

/**
 * One admitted upload: its place among those in progress, its body read through the limits, its
 * form parts counted and named. Closing it frees the place.
 */
public final class GuardedUpload implements AutoCloseable {
  /** The form: the recording, and optionally a title. */
  static final Set<String> FIELDS = Set.of("audio", "title");

  private final UploadSlot slot;
  private final UploadLimits limits;
  private final AudioLengthLimit length;
  private final LongSupplier nanoTime;
  private int parts;

  GuardedUpload(
      UploadSlot slot, UploadLimits limits, AudioLengthLimit length, LongSupplier nanoTime) {
    this.slot = slot;
    this.limits = limits;
    this.length = length;
    this.nanoTime = nanoTime;
  }

  /** The request for the multipart parser, its body counted and timed as it is read. */
  public RequestContext body(HttpServletRequest request) throws IOException {
    return new GuardedRequestContext(
        request,
        new GuardedBody(
            request.getInputStream(),
            limits.maxBodyBytes(),
            limits.minBytesPerSecond(),
            limits.rateWindow(),
            nanoTime));
  }

  /**
   * Called for each part as the parser reaches it, before its content is read.
   *
   * @throws ApiException 400 too_many_parts, or 400 unknown_field naming the fields accepted
   */
  public void part(String fieldName) {
    parts++;
    if (parts > limits.maxParts()) {
      throw new ApiException(
          400,
          "too_many_parts",
          "The form has more than "
              + limits.maxParts()
              + " parts. Send the recording in the field 'audio' and, optionally, a title in the"
              + " field 'title'.");
    }
    if (!FIELDS.contains(fieldName)) {
      throw new ApiException(
          400,
          "unknown_field",
          "The form field '"
              + printable(fieldName)
              + "' is not accepted. The fields allowed are 'audio' (the recording) and 'title'"
              + " (optional).");
    }
  }

  /**
   * @throws ApiException 422 too_long when the probed recording is longer than allowed
   */
  public void checkLength(double seconds) {
    length.check(seconds);
  }

  /** The limit behind a failed read, if one was broken; else the failure is the caller's own. */
  public Optional<ApiException> refusal(Throwable failure) {
    return UploadRefusedException.in(failure);
  }

  @Override
  public void close() {
    slot.close();
  }

  /** A field name as sent may be anything; it is echoed back short and without control bytes. */
  private static String printable(String name) {
    if (name == null) {
      return "";
    }
    String clean = name.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 40 ? clean.substring(0, 40) + "…" : clean;
  }
}
