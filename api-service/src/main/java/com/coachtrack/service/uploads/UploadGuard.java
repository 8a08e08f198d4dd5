package com.coachtrack.service.uploads;

import java.util.function.LongSupplier;

/**
 * Every limit an upload meets, in the order it meets them: admission by count before the body is
 * read ({@link UploadAdmission}), then the body's size, rate and form fields as it streams ({@link
 * GuardedUpload}), then the recording's length once probed ({@link AudioLengthLimit}).
 */
public final class UploadGuard {
  private final UploadLimits limits;
  private final UploadAdmission admission;
  private final AudioLengthLimit length;
  private final LongSupplier nanoTime;

  public UploadGuard(UploadLimits limits, UploadAdmission admission, LongSupplier nanoTime) {
    this.limits = limits;
    this.admission = admission;
    this.length = new AudioLengthLimit(limits.maxAudio());
    this.nanoTime = nanoTime;
  }

  /**
   * Admits the coach's upload or refuses it (429, 503) without reading anything of its body. Close
   * the result when the upload is answered.
   */
  public GuardedUpload admit(String coach) {
    return new GuardedUpload(admission.admit(coach), limits, length, nanoTime);
  }

  public UploadAdmission admission() {
    return admission;
  }
}
