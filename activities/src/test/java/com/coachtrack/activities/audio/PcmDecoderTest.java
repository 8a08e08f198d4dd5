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
}
