package com.coachtrack.activities.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.coachtrack.workflows.activities.Word;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * whisper.cpp in process, as far as it can be tested without model weights (none can be had on
 * these machines): the native library loads; every wrong WHISPER_MODEL stops the engine with a
 * message naming the variable, before whisper.cpp (which aborts the process on a bad file) sees it;
 * and whisper's segments become the transcript's words.
 *
 * <p>No test here hands a file to whisper.cpp: one that starts like a model but is not one kills
 * the JVM (seen: GGML_ASSERT in ggml.c).
 */
class WhisperEngineTest {
  @TempDir Path dir;

  @Test
  void theNativeLibraryLoadsOnThisMachine() {
    String system = WhisperEngine.loadLibrary();
    assertThat(system).contains("AVX");
    assertThat(WhisperEngine.loadLibrary()).as("loading twice is harmless").isEqualTo(system);
  }

  @Test
  void noModelIsNamedAsTheVariableToSet() {
    assertThatThrownBy(() -> new WhisperEngine(WhisperSettings.none()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("ENGINE whisper needs WHISPER_MODEL")
        .hasMessageContaining("ggml-base.en.bin");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("ggml-base.en.bin");
    assertThatThrownBy(() -> new WhisperEngine(settings(missing)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("WHISPER_MODEL=" + missing + " does not exist");
  }

  @Test
  void aFileThatCannotBeReadIsNamed() {
    // A directory: the one unreadable path root (which runs these tests) cannot read either.
    assertThatThrownBy(() -> new WhisperEngine(settings(dir)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("WHISPER_MODEL=" + dir + " cannot be read");
  }

  @Test
  void somethingElseThanAModelIsRefusedSayingWhatItStartsWith() throws IOException {
    Path page = Files.writeString(dir.resolve("model.bin"), "<!DOCTYPE html><html>Not found");
    assertThatThrownBy(() -> new WhisperEngine(settings(page)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("WHISPER_MODEL=" + page + " is not a whisper.cpp ggml model")
        .hasMessageContaining("\"<!DOCTYP\"");
    Path tiny = Files.writeString(dir.resolve("tiny.bin"), "lmgg");
    assertThatThrownBy(() -> new WhisperEngine(settings(tiny)))
        .hasMessageContaining("is only 4 bytes long");
  }

  @Test
  void aGgmlFileThatIsNotAWhisperModelIsRefusedBeforeWhisperSeesIt() throws IOException {
    Path other = model("other.bin", 32000, 2048, 32, 4096, 1024, 80, 1, 20 * 1024 * 1024);
    assertThatThrownBy(() -> new WhisperEngine(settings(other)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("its header is not a Whisper model's");
  }

  @Test
  void aRealHeaderOnAPartialDownloadIsRefused() throws IOException {
    Path partial = model("ggml-base.en.bin", 51864, 512, 8, 6, 448, 80, 1, 1024 * 1024);
    assertThatThrownBy(() -> new WhisperEngine(settings(partial)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("smaller than any Whisper model");
  }

  @Test
  void theHeaderOfAReleasedModelPassesAndSaysWhatItIs() throws IOException {
    Path base = model("ggml-base.en.bin", 51864, 512, 8, 6, 448, 80, 1, 142 * 1024 * 1024);
    WhisperModel model = WhisperModelFile.check(base);
    assertThat(model.sizeName()).isEqualTo("base");
    assertThat(model.multilingual()).isFalse();

    Path largeV3 = model("ggml-large-v3.bin", 51866, 1280, 20, 32, 448, 128, 1, 30 << 20);
    assertThat(WhisperModelFile.check(largeV3).sizeName()).isEqualTo("large");
    assertThat(WhisperModelFile.check(largeV3).multilingual()).isTrue();
  }

  @Test
  void segmentsBecomeWordsSharingTheirTimeInTheRecordingsSeconds() {
    List<Word> words =
        WhisperEngine.words(
            List.of(
                new WhisperSegment(" So, what brings you here today?", 0, 250),
                new WhisperSegment(" [BLANK_AUDIO]", 250, 400),
                new WhisperSegment(" I keep putting things off.", 410, 610)),
            60.0,
            30.0);

    assertThat(words)
        .extracting(Word::text)
        .containsExactly(
            "So,", "what", "brings", "you", "here", "today?", "I", "keep", "putting", "things",
            "off.");
    assertThat(words.get(0).start()).isCloseTo(60.0, within(1e-9));
    assertThat(words.get(0).end()).isCloseTo(60.0 + 2.5 / 6, within(1e-9));
    assertThat(words.get(5).end()).isCloseTo(62.5, within(1e-9));
    assertThat(words.get(6).start()).isCloseTo(64.1, within(1e-9));
    assertThat(words.get(10).end()).isCloseTo(66.1, within(1e-9));
    for (int i = 1; i < words.size(); i++) {
      assertThat(words.get(i).start()).isGreaterThanOrEqualTo(words.get(i - 1).end() - 1e-9);
    }
  }

  @Test
  void segmentsAreKeptInsideTheChunkAndInOrder() {
    List<Word> words =
        WhisperEngine.words(
            List.of(
                new WhisperSegment("late start", 900, 1000),
                new WhisperSegment("overlaps the previous", 950, 3100),
                new WhisperSegment("", 3100, 3200)),
            100.0,
            30.0);

    assertThat(words).hasSize(5);
    assertThat(words.get(2).start()).as("not before the previous segment's end").isEqualTo(110.0);
    assertThat(words.get(4).end()).as("not past the chunk").isEqualTo(130.0);
    assertThat(WhisperEngine.words(List.of(), 0, 10)).isEmpty();
  }

  @Test
  void pcmBecomesWhispersFloatsAndTheLanguageFollowsTheModel() {
    byte[] pcm = {0, 0, (byte) 0xFF, 0x7F, 0x00, (byte) 0x80, 0x00, 0x40};
    float[] samples = WhisperEngine.samples(pcm);
    assertThat(samples).containsExactly(0f, 32767 / 32768f, -1f, 0.5f);

    assertThat(WhisperEngine.language("de", false))
        .as("a .en model knows English only")
        .isEqualTo("en");
    assertThat(WhisperEngine.language(" DE ", true)).isEqualTo("de");
    assertThat(WhisperEngine.language("", true)).isEqualTo("auto");
  }

  private static WhisperSettings settings(Path model) {
    return new WhisperSettings(model, 2, "auto");
  }

  /** A file with a ggml header of these values, sparse up to {@code size} bytes. */
  private Path model(
      String name,
      int vocab,
      int state,
      int heads,
      int layers,
      int textContext,
      int mels,
      int ftype,
      long size)
      throws IOException {
    ByteBuffer header = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
    header.putInt(WhisperModelFile.GGML_MAGIC).putInt(vocab).putInt(1500).putInt(state);
    header.putInt(heads).putInt(layers).putInt(textContext).putInt(state).putInt(heads);
    header.putInt(layers).putInt(mels).putInt(ftype);
    Path file = dir.resolve(name);
    try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
      out.write(header.array());
      out.setLength(size);
    }
    return file;
  }
}
