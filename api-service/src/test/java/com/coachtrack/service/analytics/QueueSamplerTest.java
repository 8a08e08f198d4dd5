package com.coachtrack.service.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QueueSamplerTest {

  @Test
  void aSampleIsKeyedByTheStartOfItsInterval() {
    Duration minute = Duration.ofMinutes(1);
    assertThat(QueueSampler.slot(Instant.parse("2026-11-25T10:03:59.999Z"), minute))
        .isEqualTo(Instant.parse("2026-11-25T10:03:00Z"));
    assertThat(QueueSampler.slot(Instant.parse("2026-11-25T10:04:00Z"), minute))
        .isEqualTo(Instant.parse("2026-11-25T10:04:00Z"));
    assertThat(QueueSampler.slot(Instant.parse("2026-11-25T10:04:07.300Z"), Duration.ofSeconds(5)))
        .isEqualTo(Instant.parse("2026-11-25T10:04:05Z"));
    assertThat(QueueSampler.slot(Instant.parse("1969-12-31T23:59:30Z"), minute))
        .as("before the epoch still rounds down")
        .isEqualTo(Instant.parse("1969-12-31T23:59:00Z"));
  }
}
