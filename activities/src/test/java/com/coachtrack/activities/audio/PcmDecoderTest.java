package com.coachtrack.activities.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.coachtrack.activities.testing.TestAudio;
import com.coachtrack.workflows.activities.DecodedAudio;
import com.coachtrack.workflows.status.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcmDecoderTest {
  @TempDir Path dir;

  private final PcmDecoder decoder = new PcmDecoder(Ffmpeg.locate());

  @Test
  void decodesMp3To16kMonoPcm() throws Exception {
    Path out = dir.resolve("coaching.pcm");

    double seconds = decoder.decode(TestAudio.file("coaching.mp3"), out, () -> {});

    assertThat(seconds).isCloseTo(80.7, within(0.2));
    assertThat(Files.size(out)).isEqualTo(Math.round(seconds * DecodedAudio.BYTES_PER_SECOND));
    assertThat(Files.size(out) % 2).isZero();
  }

  @Test
  void wavAt16kMonoComesOutSampleForSample() throws Exception {
    Path out = dir.resolve("librivox.pcm");

    decoder.decode(TestAudio.file("librivox.wav"), out, () -> {});

    byte[] wav = Files.readAllBytes(TestAudio.file("librivox.wav"));
    assertThat(Files.readAllBytes(out)).isEqualTo(Arrays.copyOfRange(wav, 44, wav.length));
  }

  @Test
  void bundledFfmpegDecodesAacToo() throws Exception {
    Path out = dir.resolve("coaching-aac.pcm");

    double seconds =
        new PcmDecoder(Ffmpeg.bundled()).decode(TestAudio.file("coaching.m4a"), out, () -> {});

    assertThat(seconds).isCloseTo(80.7, within(0.2));
  }

  @Test
  void replacesAnExistingOutput() throws Exception {
    Path out = dir.resolve("again.pcm");
    Files.write(out, new byte[10_000_000]);

    double seconds = decoder.decode(TestAudio.file("librivox.wav"), out, () -> {});

    assertThat(Files.size(out)).isEqualTo(Math.round(seconds * DecodedAudio.BYTES_PER_SECOND));
  }

  @Test
  void undecodableFileIsCorruptAndLeavesNoOutput() {
    Path out = dir.resolve("truncated.pcm");

    assertThatThrownBy(() -> decoder.decode(TestAudio.file("bad/truncated.m4a"), out, () -> {}))
        .isInstanceOfSatisfying(
            AudioRejectedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO);
              assertThat(e.getMessage())
                  .contains("moov atom not found")
                  .doesNotContain("/tmp", "file:");
            });
    assertThat(out).doesNotExist();
  }

  @Test
  void textIsCorrupt() {
    assertThatThrownBy(
            () ->
                decoder.decode(TestAudio.file("bad/not-audio.mp3"), dir.resolve("t.pcm"), () -> {}))
        .isInstanceOfSatisfying(
            AudioRejectedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO));
  }

  @Test
  void fileWithoutAudioTrackIsUnsupported() throws IOException {
    Path video = dir.resolve("video.mkv");
    FfmpegRun made =
        Ffmpeg.locate()
            .run(
                List.of(
                    "-loglevel",
                    "error",
                    "-f",
                    "lavfi",
                    "-i",
                    "color=c=red:s=32x32:d=1",
                    "-c:v",
                    "mpeg4",
                    video.toString()),
                Duration.ofMinutes(1));
    assertThat(made.succeeded()).as(made.stderr()).isTrue();

    assertThatThrownBy(() -> decoder.decode(video, dir.resolve("v.pcm"), () -> {}))
        .isInstanceOfSatisfying(
            AudioRejectedException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_AUDIO);
              assertThat(e.getMessage()).isEqualTo("The file contains no audio track.");
            });
  }

  @Test
  void audioTrackWithoutSamplesIsCorrupt() throws IOException {
    Path empty = dir.resolve("empty.wav");
    FfmpegRun made =
        Ffmpeg.locate()
            .run(
                List.of(
                    "-loglevel",
                    "error",
                    "-i",
                    TestAudio.file("librivox.wav").toString(),
                    "-t",
                    "0",
                    empty.toString()),
                Duration.ofMinutes(1));
    assertThat(made.succeeded()).as(made.stderr()).isTrue();

    assertThatThrownBy(() -> decoder.decode(empty, dir.resolve("e.pcm"), () -> {}))
        .isInstanceOfSatisfying(
            AudioRejectedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_AUDIO));
  }

  @Test
  void neverWritesMoreThanTheCapAndWhatItWritesIsTheStart() throws Exception {
    Path out = dir.resolve("capped.pcm");

    double seconds =
        new PcmDecoder(Ffmpeg.locate(), Duration.ofSeconds(2))
            .decode(TestAudio.file("librivox.wav"), out, () -> {});

    // librivox.wav holds 24.7 s; exactly 2 s of it come out, sample for sample.
    assertThat(seconds).isEqualTo(2.0);
    assertThat(Files.size(out)).isEqualTo(2 * DecodedAudio.BYTES_PER_SECOND);
    byte[] wav = Files.readAllBytes(TestAudio.file("librivox.wav"));
    assertThat(Files.readAllBytes(out))
        .isEqualTo(Arrays.copyOfRange(wav, 44, 44 + 2 * DecodedAudio.BYTES_PER_SECOND));
  }

  @Test
  void capCutsCompressedAudioToTheSample() throws Exception {
    Path out = dir.resolve("capped-mp3.pcm");

    double seconds =
        new PcmDecoder(Ffmpeg.locate(), Duration.ofMillis(3_500))
            .decode(TestAudio.file("coaching.mp3"), out, () -> {});

    assertThat(seconds).isEqualTo(3.5);
    assertThat(Files.size(out)).isEqualTo(3_500L * DecodedAudio.BYTES_PER_SECOND / 1000);
  }

  @Test
  void aWavWhoseHeaderClaimsNoLengthIsCappedByWhatIsWritten() throws Exception {
    // Streaming recorders write 0xFFFFFFFF sizes ("until the end"): nothing in the header bounds
    // the decode, only the cap does.
    byte[] wav = Files.readAllBytes(TestAudio.file("librivox.wav"));
    for (int offset : new int[] {4, 40}) {
      for (int i = 0; i < 4; i++) {
        wav[offset + i] = (byte) 0xFF;
      }
    }
    Path unbounded = dir.resolve("unbounded.wav");
    Files.write(unbounded, wav);
    Path out = dir.resolve("unbounded.pcm");

    double seconds =
        new PcmDecoder(Ffmpeg.locate(), Duration.ofSeconds(1)).decode(unbounded, out, () -> {});

    assertThat(seconds).isEqualTo(1.0);
    assertThat(Files.size(out)).isEqualTo(DecodedAudio.BYTES_PER_SECOND);
  }

  @Test
  void aCapOfNothingIsAConfigurationMistake() {
    assertThatThrownBy(() -> new PcmDecoder(Ffmpeg.locate(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDefaultCapIsFourHours() {
    assertThat(new PcmDecoder(Ffmpeg.locate()).maxLength()).isEqualTo(Duration.ofHours(4));
  }
}
