package com.coachtrack.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every limit on one upload: the recording's length (measured by content), the whole body's size
 * (also when chunked), the number of parts, the fields, and the data rate. Each refusal is a JSON
 * 4xx and leaves no row, no stored file and no partial upload.
 */
@ExtendWith(DropwizardExtensionsSupport.class)
class UploadLimitsTest {
  private static final int MAX_UPLOAD_MB = 16;

  // MAX_AUDIO_HOURS stays at its default (4); the rate limits are tightened so that a trickle is
  // cut within seconds, and no worker runs, so nothing competes with the uploads for the CPU.
  static final DropwizardAppExtension<TranscriptionConfiguration> APP =
      TestApps.app(
          "auto",
          ConfigOverride.config("maxUploadMb", String.valueOf(MAX_UPLOAD_MB)),
          ConfigOverride.config("worker.enabled", "false"),
          ConfigOverride.config("uploads.minBytesPerSecond", "4096"),
          ConfigOverride.config("uploads.rateWindow", "2 seconds"),
          ConfigOverride.config("server.applicationConnectors[0].idleTimeout", "3 seconds"));

  private Leftovers before;

  @BeforeEach
  void countWhatExists() {
    before = Leftovers.of(APP);
  }

  private int port() {
    return APP.getLocalPort();
  }

  private void assertRefused(RawResponse response, int status, String code, String... parts) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.header("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(response.error()).isEqualTo(code);
    String message = response.json().path("message").asText();
    assertThat(message).isNotBlank().doesNotContain("Exception");
    for (String part : parts) {
      assertThat(message).contains(part);
    }
    assertNothingLeftBehind();
  }

  private void assertNothingLeftBehind() {
    // The refusal is answered from the same thread that deletes, but the answer can overtake it.
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!Leftovers.of(APP).equals(before) && System.nanoTime() < deadline) {
      ApiClient.sleep(50);
    }
    assertThat(Leftovers.of(APP)).isEqualTo(before);
    assertThat(uploadsInProgress()).isZero();
  }

  private static int uploadsInProgress() {
    return (Integer)
        APP.getEnvironment().metrics().getGauges().get("uploads.in-progress").getValue();
  }

  @Test
  void aRecordingLongerThanFourHoursIsRefusedAsTooLong() throws IOException {
    // 4 h 0 min 30 s of 8-bit audio at 1 kHz (14 MB), its header giving no length at all, as
    // streaming recorders write it: only reading it through tells how long it is.
    byte[] wav = unboundedWav(1_000, 4 * 3600 + 30);
    MultipartForm form = new MultipartForm().file("audio", "workshop.wav", wav);

    RawResponse response = RawUpload.post(port(), "coach-long", form.contentType(), form.bytes());

    assertRefused(response, 422, "too_long", "recordings up to 4 hours", "is 4:00:");
  }

  @Test
  void anOrdinaryRecordingStillGoesThrough() throws IOException {
    MultipartForm form =
        new MultipartForm()
            .field("title", "Session with Ben")
            .file("audio", "librivox.wav", Files.readAllBytes(TestApps.audio("librivox.wav")));

    RawResponse response = RawUpload.post(port(), "coach-fine", form.contentType(), form.bytes());

    assertThat(response.status()).as(response.body()).isEqualTo(201);
    assertThat(response.json().path("title").asText()).isEqualTo("Session with Ben");
    assertThat(Leftovers.of(APP).sessionRows()).isEqualTo(before.sessionRows() + 1);
    assertThat(uploadsInProgress()).isZero();
  }

  @Test
  void aChunkedRecordingOverTheLimitIsCutAsItStreams() throws IOException {
    MultipartForm form = new MultipartForm();
    try (RawUpload upload = RawUpload.start(port(), "coach-chunked", form.contentType(), -1)) {
      upload.send(form.openFile("audio", "huge.mp3"));
      sendUntilRefused(upload, (MAX_UPLOAD_MB + 4) * 1024L * 1024L);

      assertRefused(
          upload.response(Duration.ofSeconds(30)), 413, "file_too_large", MAX_UPLOAD_MB + " MB");
    }
  }

  @Test
  void aChunkedBodyOverTheLimitOutsideTheRecordingIsCutToo() throws IOException {
    // Before, only the audio part was counted: a title (or a preamble) of any size was read to the
    // end.
    MultipartForm form = new MultipartForm();
    try (RawUpload upload = RawUpload.start(port(), "coach-chunked", form.contentType(), -1)) {
      upload.send(form.openField("title"));
      sendUntilRefused(upload, (MAX_UPLOAD_MB + 4) * 1024L * 1024L);

      assertRefused(
          upload.response(Duration.ofSeconds(30)), 413, "request_too_large", MAX_UPLOAD_MB + " MB");
    }
  }

  @Test
  void tooManyPartsAreRefused() throws IOException {
    MultipartForm form =
        new MultipartForm()
            .file("audio", "librivox.wav", Files.readAllBytes(TestApps.audio("librivox.wav")))
            .field("title", "one")
            .field("title", "two")
            .field("title", "three")
            .field("title", "four");

    RawResponse response = RawUpload.post(port(), "coach-parts", form.contentType(), form.bytes());

    assertRefused(response, 400, "too_many_parts", "more than 4 parts", "'audio'");
  }

  @Test
  void anUnknownFieldIsRefusedNamingTheFieldsAllowed() throws IOException {
    // The recording has been streamed to a partial file by the time the unknown field arrives.
    MultipartForm form =
        new MultipartForm()
            .file("audio", "librivox.wav", Files.readAllBytes(TestApps.audio("librivox.wav")))
            .field("notes", "Bring the workbook");

    RawResponse response = RawUpload.post(port(), "coach-fields", form.contentType(), form.bytes());

    assertRefused(response, 400, "unknown_field", "'notes'", "'audio'", "'title'");
  }

  @Test
  void aTrickleBelowTheMinimumRateIsCutWith408() throws IOException {
    MultipartForm form = new MultipartForm();
    long started = System.nanoTime();
    try (RawUpload upload =
        RawUpload.start(port(), "coach-slow", form.contentType(), 1024 * 1024)) {
      upload.send(form.openFile("audio", "slow.mp3"));
      // About 1 KB/s against a minimum of 4 KB/s averaged over 2 s.
      while (upload.send(new byte[100])) {
        ApiClient.sleep(100);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
            .isLessThan(Duration.ofSeconds(20));
      }
      RawResponse response = upload.response(Duration.ofSeconds(10));
      Duration took = Duration.ofNanos(System.nanoTime() - started);

      assertRefused(response, 408, "upload_too_slow", "4096 bytes per second");
      assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(10));
    }
  }

  @Test
  void anUploadThatStopsSendingIsCutByTheIdleTimeout() throws IOException {
    MultipartForm form = new MultipartForm();
    long started = System.nanoTime();
    try (RawUpload upload =
        RawUpload.start(port(), "coach-gone-quiet", form.contentType(), 1024 * 1024)) {
      upload.send(form.openFile("audio", "quiet.mp3"));
      upload.send(new byte[8 * 1024]);

      RawResponse response = upload.response(Duration.ofSeconds(20));

      assertRefused(response, 408, "upload_too_slow");
      assertThat(Duration.ofNanos(System.nanoTime() - started))
          .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(15));
    }
  }

  /** Streams zeros in 64 KB pieces until the server answers or {@code limit} bytes went out. */
  private static void sendUntilRefused(RawUpload upload, long limit) {
    byte[] piece = new byte[64 * 1024];
    long sent = 0;
    while (sent < limit && upload.send(piece)) {
      sent += piece.length;
    }
    upload.finish();
  }

  /** Mono 8-bit PCM WAV whose RIFF and data sizes say "unknown" (0xFFFFFFFF). */
  private static byte[] unboundedWav(int sampleRate, int seconds) {
    ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(-1);
    header.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    header
        .put("fmt ".getBytes(StandardCharsets.US_ASCII))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1)
        .putInt(sampleRate)
        .putInt(sampleRate)
        .putShort((short) 1)
        .putShort((short) 8);
    header.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(-1);
    byte[] wav = new byte[44 + sampleRate * seconds];
    System.arraycopy(header.array(), 0, wav, 0, 44);
    // 8-bit PCM is unsigned: 128 is silence.
    Arrays.fill(wav, 44, wav.length, (byte) 128);
    return wav;
  }
}
