package com.coachtrack.activities.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.coachtrack.activities.testing.TestAudio;
import com.coachtrack.workflows.status.ErrorCode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AudioProbeTest {
  /** Generated once for the class: ffmpeg runs are cheap but not free. */
  @TempDir static Path generated;

  private static final Ffmpeg FFMPEG = Ffmpeg.locate();
  private final AudioProbe probe = new AudioProbe(FFMPEG);

  @BeforeAll
  static void generateFormats() throws IOException {
    String coaching = TestAudio.file("coaching.wav").toString();
    encode(coaching, "wav8k-stereo-24bit.wav", "-ar", "8000", "-ac", "2", "-c:a", "pcm_s24le");
    encode(coaching, "speech.flac", "-c:a", "flac");
    encode(coaching, "speech.ogg", "-c:a", "libopus");
    encode(coaching, "speech.webm", "-c:a", "libopus");
    ffmpeg(
        "-i",
        coaching,
        "-f",
        "lavfi",
        "-i",
        "color=c=blue:s=64x64:d=5",
        "-map",
        "1:v",
        "-map",
        "0:a",
        "-c:v",
        "mpeg4",
        "-c:a",
        "libopus",
        "-t",
        "5",
        out("speech-in-video.mkv"));
    ffmpeg(
        "-f", "lavfi", "-i", "color=c=red:s=64x64:d=2", "-c:v", "mpeg4", out("silent-video.mkv"));
    ffmpeg(
        "-i", coaching, "-t", "20", "-c:a", "aac", "-movflags", "+faststart", out("faststart.m4a"));
    ffmpeg("-i", coaching, "-t", "0.3", out("short.wav"));
    ffmpeg("-i", coaching, "-t", "0", out("no-samples.wav"));
    Files.write(
        generated.resolve("cut-off.m4a"),
        Arrays.copyOf(Files.readAllBytes(generated.resolve("faststart.m4a")), 150_000));
    Files.write(
        generated.resolve("first-half.mp3"),
        Arrays.copyOf(Files.readAllBytes(TestAudio.file("coaching.mp3")), 300_000));
  }

  private static void encode(String source, String name, String... options) throws IOException {
    List<String> arguments = new ArrayList<>(List.of("-i", source, "-t", "5"));
    arguments.addAll(Arrays.asList(options));
    arguments.add(out(name));
    ffmpeg(arguments.toArray(String[]::new));
  }

  private static String out(String name) {
    return generated.resolve(name).toString();
  }

  private static void ffmpeg(String... arguments) throws IOException {
    List<String> all = new ArrayList<>(List.of("-loglevel", "error", "-y"));
    all.addAll(Arrays.asList(arguments));
    FfmpegRun run = FFMPEG.run(all, Duration.ofMinutes(1));
    assertThat(run.succeeded()).as("ffmpeg %s: %s", all, run.stderr()).isTrue();
  }

  @ParameterizedTest
  @CsvSource({
    "coaching.wav,    wav, pcm_s16le, 80.69",
    "coaching.mp3,    mp3, mp3,       80.7",
    "coaching.m4a,    mov, aac,       80.69",
    "librivox.wav,    wav, pcm_s16le, 24.73",
    "long-10min.mp3,  mp3, mp3,       645.5",
    "bad/silence-30s.wav, wav, pcm_s16le, 30.0"
  })
  void sharedRecordingsAreAcceptedWithTheirRealLength(
      String name, String container, String codec, double seconds) throws IOException {
    ProbeResult result = probe.probe(TestAudio.file(name));

    assertThat(result.ok()).as("%s: %s", name, result.reason()).isTrue();
    assertThat(result.container()).contains(container);
    assertThat(result.codec()).isEqualTo(codec);
    assertThat(result.durationSeconds()).isCloseTo(seconds, within(0.2));
    assertThat(result.errorCode()).isNull();
    assertThat(result.reason()).isNull();
  }

  @Test
  void emptyFileHasItsOwnReason() throws IOException {
    ProbeResult result = probe.probe(TestAudio.file("bad/empty.mp3"));

    assertThat(result.ok()).isFalse();
    assertThat(result.errorCode()).isEqualTo(ErrorCode.CORRUPT_AUDIO);
    assertThat(result.reason()).contains("empty");
  }

  @Test
  void textBehindAnAudioNameIsNotAudio() throws IOException {
    ProbeResult result = probe.probe(TestAudio.file("bad/not-audio.mp3"));

    assertThat(result.ok()).isFalse();
    assertThat(result.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_AUDIO);
    assertThat(result.reason()).contains("text");
  }

  @Test
  void generatedTextFileNamedMp3IsNotAudio() throws IOException {
    Path text = generated.resolve("notes.mp3");
    Files.writeString(text, "Meeting notes\n- talk about goals\n- next session on Friday\n");

    ProbeResult result = probe.probe(text);

    assertThat(result.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_AUDIO);
    assertThat(result.reason()).isEqualTo("The file contains text, not audio.");
  }

  @Test
  void truncatedM4aWithoutItsIndexIsCorrupt() throws IOException {
    ProbeResult result = probe.probe(TestAudio.file("bad/truncated.m4a"));

    assertThat(result.ok()).isFalse();
    assertThat(result.errorCode()).isEqualTo(ErrorCode.CORRUPT_AUDIO);
    assertThat(result.reason()).contains("MP4/M4A", "damaged or incomplete", "moov atom not found");
    assertThat(result.reason()).doesNotContain("/tmp", "input:", "file:");
  }

  @Test
  void m4aCutOffAfterItsIndexIsCorrupt() throws IOException {
    ProbeResult result = probe.probe(generated.resolve("cut-off.m4a"));

    assertThat(result.ok()).isFalse();
    assertThat(result.errorCode()).isEqualTo(ErrorCode.CORRUPT_AUDIO);
    assertThat(result.reason()).contains("partial file");
    assertThat(result.durationSeconds()).isBetween(10.0, 19.0);
  }

  @Test
  void mp3CutInHalfIsAcceptedWithTheLengthItHolds() throws IOException {
    ProbeResult result = probe.probe(generated.resolve("first-half.mp3"));

    assertThat(result.ok()).isTrue();
    assertThat(result.durationSeconds()).isCloseTo(37.4, within(0.3));
  }

  @Test
  void pngIsAPictureNotAudio() throws IOException {
    Path png = generated.resolve("photo.png");
    ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "png", png.toFile());

    ProbeResult result = probe.probe(png);

    assertThat(result.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_AUDIO);
    assertThat(result.reason()).isEqualTo("The file is a picture, not a recording.");
  }

  @Test
  void jpegRenamedToMp3IsAPictureNotAudio() throws IOException {
    Path jpeg = generated.resolve("photo.mp3");
    ImageIO.write(new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB), "jpeg", jpeg.toFile());

    ProbeResult result = probe.probe(jpeg);

    assertThat(result.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_AUDIO);
    assertThat(result.reason()).contains("picture");
  }

  @Test
  void aFewBytesAreNotAudio() throws IOException {
    Path few = generated.resolve("few.wav");
    Files.write(few, new byte[] {0x01, 0x02, 0x03});

    ProbeResult result = probe.probe(few);

    assertThat(result.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_AUDIO);
    assertThat(result.reason()).isEqualTo("The file is not in any audio format we recognise.");
  }

  @Test
  void wavHeaderClaimingTenHoursYieldsTheRealTwoSeconds() throws IOException {
    byte[] pcm =
        Arrays.copyOfRange(Files.readAllBytes(TestAudio.file("coaching.wav")), 44, 44 + 64_000);
    int claimed = 10 * 3600 * 32_000;
    ByteBuffer wav = ByteBuffer.allocate(44 + pcm.length).order(ByteOrder.LITTLE_ENDIAN);
    wav.put(ascii("RIFF")).putInt(36 + claimed).put(ascii("WAVE"));
    wav.put(ascii("fmt "))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1)
        .putInt(16_000)
        .putInt(32_000);
    wav.putShort((short) 2).putShort((short) 16).put(ascii("data")).putInt(claimed).put(pcm);
    Path liar = generated.resolve("liar.wav");
    Files.write(liar, wav.array());

    ProbeResult result = probe.probe(liar);

    assertThat(result.ok()).isTrue();
    assertThat(result.durationSeconds()).isCloseTo(2.0, within(0.15));
  }

  @ParameterizedTest
  @CsvSource({
    "wav8k-stereo-24bit.wav, wav,      pcm_s24le",
    "speech.flac,            flac,     flac",
    "speech.ogg,             ogg,      opus",
    "speech.webm,            matroska, opus",
    "speech-in-video.mkv,    matroska, opus"
  })
  void otherFormatsAreAccepted(String name, String container, String codec) throws IOException {
    ProbeResult result = probe.probe(generated.resolve(name));

    assertThat(result.ok()).as("%s: %s", name, result.reason()).isTrue();
    assertThat(result.container()).contains(container);
    assertThat(result.codec()).isEqualTo(codec);
    assertThat(result.durationSeconds()).isCloseTo(5.0, within(0.15));
  }

  @Test
  void videoWithoutSoundIsUnsupported() throws IOException {
    ProbeResult result = probe.probe(generated.resolve("silent-video.mkv"));

    assertThat(result.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_AUDIO);
    assertThat(result.reason()).isEqualTo("The file is a video without any sound.");
    assertThat(result.container()).contains("matroska");
    assertThat(result.codec()).isNull();
  }

  @Test
  void audioShorterThanHalfASecondIsTooShort() throws IOException {
    ProbeResult result = probe.probe(generated.resolve("short.wav"));

    assertThat(result.ok()).isFalse();
    assertThat(result.errorCode()).isEqualTo(ErrorCode.CORRUPT_AUDIO);
    assertThat(result.reason()).contains("too short");
    assertThat(result.durationSeconds()).isBetween(0.1, 0.31);
  }

  @Test
  void audioTrackWithoutSamplesIsCorrupt() throws IOException {
    ProbeResult result = probe.probe(generated.resolve("no-samples.wav"));

    assertThat(result.errorCode()).isEqualTo(ErrorCode.CORRUPT_AUDIO);
    assertThat(result.reason()).contains("no sound");
    assertThat(result.durationSeconds()).isZero();
  }

  @Test
  void verdictDependsOnContentNotName() throws IOException {
    Path mp3WithoutExtension = generated.resolve("upload");
    Files.copy(TestAudio.file("coaching.mp3"), mp3WithoutExtension);
    Path mp3NamedWav = generated.resolve("really-an-mp3.wav");
    Files.copy(TestAudio.file("coaching.mp3"), mp3NamedWav);

    assertThat(probe.probe(mp3WithoutExtension).codec()).isEqualTo("mp3");
    assertThat(probe.probe(mp3NamedWav).codec()).isEqualTo("mp3");
  }

  @Test
  void playlistsAreNotFollowed() throws IOException {
    Path playlist = generated.resolve("playlist.m3u8");
    Files.writeString(
        playlist, "#EXTM3U\n#EXTINF:24,\n" + TestAudio.file("librivox.wav") + "\n#EXT-X-ENDLIST\n");

    ProbeResult result = probe.probe(playlist);

    assertThat(result.ok()).isFalse();
    assertThat(result.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_AUDIO);
  }

  @Test
  void missingFileIsAnIoError() {
    assertThatThrownBy(() -> probe.probe(generated.resolve("does-not-exist.mp3")))
        .isInstanceOf(NoSuchFileException.class);
  }

  @Test
  void bundledFfmpegGivesTheSameVerdicts() throws IOException {
    AudioProbe bundled = new AudioProbe(Ffmpeg.bundled());

    assertThat(bundled.probe(TestAudio.file("coaching.m4a")).durationSeconds())
        .isCloseTo(80.69, within(0.2));
    assertThat(bundled.probe(TestAudio.file("bad/truncated.m4a")).errorCode())
        .isEqualTo(ErrorCode.CORRUPT_AUDIO);
    assertThat(bundled.probe(TestAudio.file("bad/not-audio.mp3")).errorCode())
        .isEqualTo(ErrorCode.UNSUPPORTED_AUDIO);
    assertThat(bundled.probe(generated.resolve("speech.webm")).ok()).isTrue();
  }

  @Test
  void signaturesTellDamagedAudioFromOtherFiles() {
    assertThat(AudioProbe.audioSignature(ascii("RIFF\0\0\0\0WAVEfmt "))).isEqualTo("WAV");
    assertThat(AudioProbe.audioSignature(ascii("\0\0\0\u0020ftypM4A "))).isEqualTo("MP4/M4A");
    assertThat(AudioProbe.audioSignature(ascii("ID3\u0004"))).isEqualTo("MP3/AAC");
    assertThat(AudioProbe.audioSignature(new byte[] {(byte) 0xFF, (byte) 0xFB, 0x50}))
        .isEqualTo("MP3/AAC");
    assertThat(AudioProbe.audioSignature(ascii("OggS\0"))).isEqualTo("OGG");
    assertThat(AudioProbe.audioSignature(ascii("fLaC\0"))).isEqualTo("FLAC");
    assertThat(AudioProbe.audioSignature(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3}))
        .isEqualTo("WebM/Matroska");
    assertThat(AudioProbe.audioSignature(ascii("FORM\0\0\0\0AIFF"))).isEqualTo("AIFF");
    assertThat(AudioProbe.audioSignature(ascii("#!AMR\n"))).isEqualTo("AMR");
    assertThat(AudioProbe.audioSignature(new byte[] {0x30, 0x26, (byte) 0xB2, 0x75}))
        .isEqualTo("WMA");
    assertThat(AudioProbe.audioSignature(ascii("caff"))).isEqualTo("CAF");
    assertThat(AudioProbe.audioSignature(ascii("hello"))).isNull();
    assertThat(AudioProbe.audioSignature(new byte[0])).isNull();

    assertThat(AudioProbe.pictureSignature(ascii("GIF89a"))).isEqualTo("a picture");
    assertThat(AudioProbe.pictureSignature(ascii("RIFF\0\0\0\0WEBP"))).isEqualTo("a picture");
    assertThat(AudioProbe.pictureSignature(ascii("\0\0\0\u0018ftypheic"))).isEqualTo("a picture");
    assertThat(AudioProbe.pictureSignature(ascii("II*\0"))).isEqualTo("a picture");
    assertThat(AudioProbe.pictureSignature(ascii("%PDF-1.7"))).isEqualTo("a PDF document");
    assertThat(AudioProbe.pictureSignature(ascii("RIFF\0\0\0\0WAVE"))).isNull();
  }

  @Test
  void textIsPrintableCharactersAndLineBreaks() {
    assertThat(
            AudioProbe.looksLikeText("Dear coach,\r\n\tthanks!".getBytes(StandardCharsets.UTF_8)))
        .isTrue();
    assertThat(AudioProbe.looksLikeText("Grüße".getBytes(StandardCharsets.UTF_8))).isTrue();
    assertThat(AudioProbe.looksLikeText(new byte[] {'a', 0, 'b'})).isFalse();
    assertThat(AudioProbe.looksLikeText(new byte[] {'a', 0x7F})).isFalse();
    assertThat(AudioProbe.looksLikeText(new byte[0])).isFalse();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }
}
