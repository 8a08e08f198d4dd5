package com.coachtrack.service.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coachtrack.service.errors.ApiException;
import org.junit.jupiter.api.Test;

class UploadAdmissionTest {
  private final UploadAdmission admission = new UploadAdmission(3, 2);

  @Test
  void aCoachAtTheLimitGets429WithRetryAfter() {
    admission.admit("ana");
    admission.admit("ana");

    assertThatThrownBy(() -> admission.admit("ana"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.code()).isEqualTo("too_many_uploads");
              assertThat(e.retryAfterSeconds()).isEqualTo(30);
              assertThat(e.getMessage()).contains("2 uploads in progress");
            });
    assertThat(admission.inProgress()).isEqualTo(2);
  }

  @Test
  void aFullProcessGets503WithRetryAfterWhoeverAsks() {
    admission.admit("ana");
    admission.admit("ben");
    admission.admit("cleo");

    assertThatThrownBy(() -> admission.admit("dev"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(503);
              assertThat(e.code()).isEqualTo("uploads_busy");
              assertThat(e.retryAfterSeconds()).isEqualTo(30);
            });
  }

  @Test
  void aCoachsOwnLimitIsToldEvenWhenTheProcessIsFull() {
    UploadAdmission one = new UploadAdmission(1, 1);
    one.admit("ana");

    assertThatThrownBy(() -> one.admit("ana"))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.status()).isEqualTo(429);
              assertThat(e.getMessage()).contains("an upload in progress");
            });
  }

  @Test
  void closingASlotFreesItOnceHoweverOftenItIsClosed() {
    UploadSlot first = admission.admit("ana");
    admission.admit("ana");
    admission.admit("ben");

    first.close();
    first.close();

    assertThat(admission.inProgress()).isEqualTo(2);
    admission.admit("ana");
    assertThat(admission.inProgress()).isEqualTo(3);
    assertThatThrownBy(() -> admission.admit("cleo"))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(503));
  }

  @Test
  void aRefusalTakesNoSlot() {
    admission.admit("ana");
    admission.admit("ana");
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> admission.admit("ana")).isInstanceOf(ApiException.class);
    }

    assertThat(admission.inProgress()).isEqualTo(2);
    admission.admit("ben");
  }
}
