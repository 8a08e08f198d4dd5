package com.coachtrack.service.uploads;

import java.util.concurrent.atomic.AtomicBoolean;

/** One admitted upload's place; closing it (once, however often called) frees the place. */
public final class UploadSlot implements AutoCloseable {
  private final UploadAdmission admission;
  private final String coach;
  private final AtomicBoolean released = new AtomicBoolean();

  UploadSlot(UploadAdmission admission, String coach) {
    this.admission = admission;
    this.coach = coach;
  }

  @Override
  public void close() {
    if (released.compareAndSet(false, true)) {
      admission.release(coach);
    }
  }
}
