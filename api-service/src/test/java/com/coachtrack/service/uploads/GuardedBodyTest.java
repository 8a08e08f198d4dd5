package com.coachtrack.service.uploads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coachtrack.service.errors.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GuardedBodyTest {
  private static final Duration WINDOW = Duration.ofSeconds(30);

  private final AtomicLong now = new AtomicLong(1_000_000_000L);

  private GuardedBody body(InputStream in, long maxBytes, long minRate) {
    return new GuardedBody(in, maxBytes, minRate, WINDOW, now::get);
  }

  private static ApiException refusal(Throwable thrown) {
    return UploadRefusedException.in(thrown).orElseThrow();
  }

  @Test
  void aBodyWithinTheLimitReadsThrough() throws IOException {
    GuardedBody body = body(new ByteArrayInputStream(new byte[1000]), 1000, 0);

    assertThat(body.transferTo(OutputStream.nullOutputStream())).isEqualTo(1000);
    assertThat(body.bytesRead()).isEqualTo(1000);
  }

  @Test
  void oneByteOverTheLimitIs413() {
    GuardedBody body = body(new ByteArrayInputStream(new byte[3 * 1024 * 1024 + 1]), 3 << 20, 0);

    assertThatThrownBy(() -> body.transferTo(OutputStream.nullOutputStream()))
        .isInstanceOf(UploadRefusedException.class)
        .satisfies(
            e -> {
              assertThat(refusal(e).status()).isEqualTo(413);
              assertThat(refusal(e).code()).isEqualTo("request_too_large");
              assertThat(refusal(e).getMessage()).contains("3 MB");
            });
  }

  @Test
  void singleByteAndSkippedReadsCountToo() throws IOException {
    GuardedBody body = body(new ByteArrayInputStream(new byte[10]), 5, 0);

    assertThat(body.read()).isZero();
    assertThat(body.skip(4)).isEqualTo(4);
    assertThatThrownBy(body::read).isInstanceOf(UploadRefusedException.class);
  }

  @Test
  void averagingBelowTheMinimumOverAWindowIs408() throws IOException {
    GuardedBody body = body(new ByteArrayInputStream(new byte[100_000]), 1 << 20, 512);
    byte[] buffer = new byte[1000];
    // 1,000 bytes a second for a whole window: kept.
    for (int second = 0; second < 30; second++) {
      now.addAndGet(1_000_000_000L);
      body.read(buffer);
    }
    // Then 100 bytes a second: cut when the window ends.
    byte[] small = new byte[100];
    for (int second = 0; second < 29; second++) {
      now.addAndGet(1_000_000_000L);
      body.read(small);
    }
    now.addAndGet(1_000_000_000L);

    assertThatThrownBy(() -> body.read(small))
        .satisfies(
            e -> {
              assertThat(refusal(e).status()).isEqualTo(408);
              assertThat(refusal(e).code()).isEqualTo("upload_too_slow");
              assertThat(refusal(e).getMessage()).contains("512 bytes per second");
            });
  }

  @Test
  void aBurstThenAPauseAveragesOut() throws IOException {
    GuardedBody body = body(new ByteArrayInputStream(new byte[100_000]), 1 << 20, 512);

    body.read(new byte[20_000]);
    now.addAndGet(WINDOW.toNanos());
    body.read(new byte[10]);

    assertThat(body.bytesRead()).isEqualTo(20_010);
  }

  @Test
  void noMinimumKeepsAnyPace() throws IOException {
    GuardedBody body = body(new ByteArrayInputStream(new byte[10]), 100, 0);
    now.addAndGet(Duration.ofHours(1).toNanos());

    assertThat(body.read(new byte[10])).isEqualTo(10);
  }

  @Test
  void theServersIdleTimeoutIsAnUploadTooSlow() {
    InputStream silent =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException(new TimeoutException("Idle timeout expired: 30000/30000 ms"));
          }
        };
    GuardedBody body = body(silent, 100, 0);

    assertThatThrownBy(() -> body.read(new byte[10]))
        .satisfies(
            e -> {
              assertThat(refusal(e).status()).isEqualTo(408);
              assertThat(refusal(e).getMessage()).startsWith("Nothing arrived");
            });
  }

  @Test
  void otherReadFailuresPassThroughUnchanged() {
    IOException reset = new IOException("Connection reset");
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw reset;
          }
        };
    GuardedBody body = body(broken, 100, 512);

    assertThatThrownBy(body::read).isSameAs(reset);
    assertThat(UploadRefusedException.in(reset)).isEmpty();
  }

  @Test
  void aRefusalIsFoundBehindWrappingExceptions() {
    ApiException tooSlow = new ApiException(408, "upload_too_slow", "slow");
    IOException wrapped = new IOException("parser", new UploadRefusedException(tooSlow));

    assertThat(UploadRefusedException.in(wrapped)).containsSame(tooSlow);
  }
}
