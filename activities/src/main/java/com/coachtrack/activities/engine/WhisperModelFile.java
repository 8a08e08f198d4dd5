package com.coachtrack.activities.engine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Checks a whisper.cpp model file before whisper.cpp reads it. whisper.cpp aborts the whole process
 * (a failed assertion, not an error code) on a file that starts like a model but is not one, so a
 * wrong {@code WHISPER_MODEL} must be caught here: the header is read and every value checked
 * against what the released models have. A truncated copy of a real model passes this check and is
 * left to whisper.cpp, which then refuses it with an error.
 */
final class WhisperModelFile {
  /** "ggml" as whisper.cpp reads it: a little-endian 32-bit number. */
  static final int GGML_MAGIC = 0x67676d6c;

  static final String WHERE_TO_GET =
      " Download a ggml model from the whisper.cpp repository on Hugging Face"
          + " (ggerganov/whisper.cpp: ggml-base.en.bin, ggml-small.bin, …); see the README, Engines.";

  /** The smallest released model (tiny, quantized to 5 bits) is about 31 MB. */
  static final long MIN_BYTES = 20L * 1024 * 1024;

  private static final int HEADER_BYTES = 4 + 11 * 4;
  private static final Set<Integer> STATES = Set.of(384, 512, 768, 1024, 1280);
  private static final Set<Integer> HEADS = Set.of(6, 8, 12, 16, 20);
  private static final Set<Integer> LAYERS = Set.of(4, 6, 12, 24, 32);

  private WhisperModelFile() {}

  /**
   * @return what the header says the model is
   * @throws IllegalStateException naming {@code WHISPER_MODEL} and what is wrong with it
   */
  static WhisperModel check(Path model) {
    if (model == null || model.toString().isBlank()) {
      throw new IllegalStateException(
          "ENGINE whisper needs WHISPER_MODEL, the path to a ggml model file." + WHERE_TO_GET);
    }
    if (!Files.exists(model)) {
      throw new IllegalStateException("WHISPER_MODEL=" + model + " does not exist." + WHERE_TO_GET);
    }
    byte[] header;
    long size;
    try (InputStream in = Files.newInputStream(model)) {
      header = in.readNBytes(HEADER_BYTES);
      size = Files.size(model);
    } catch (IOException e) {
      throw new IllegalStateException(
          "WHISPER_MODEL=" + model + " cannot be read (" + e + "). Give the worker read access.",
          e);
    }
    ByteBuffer fields = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    if (header.length < 4 || fields.getInt() != GGML_MAGIC) {
      throw notAModel(model, "it starts with " + printable(header) + ", not ggml's mark");
    }
    if (header.length < HEADER_BYTES) {
      throw notAModel(model, "it is only " + header.length + " bytes long");
    }
    int vocab = fields.getInt();
    int audioContext = fields.getInt();
    int audioState = fields.getInt();
    int audioHeads = fields.getInt();
    int audioLayers = fields.getInt();
    int textContext = fields.getInt();
    int textState = fields.getInt();
    int textHeads = fields.getInt();
    int textLayers = fields.getInt();
    int mels = fields.getInt();
    int ftype = fields.getInt();
    boolean plausible =
        vocab >= 51864
            && vocab <= 51866
            && audioContext == 1500
            && textContext == 448
            && STATES.contains(audioState)
            && audioState == textState
            && HEADS.contains(audioHeads)
            && audioHeads == textHeads
            && LAYERS.contains(audioLayers)
            && audioLayers == textLayers
            && (mels == 80 || mels == 128)
            && ftype >= 0
            && ftype % 1000 < 64;
    if (!plausible) {
      throw notAModel(
          model,
          "its header is not a Whisper model's (vocabulary "
              + vocab
              + ", "
              + audioLayers
              + " layers, "
              + mels
              + " mel bands)");
    }
    if (size < MIN_BYTES) {
      throw notAModel(
          model,
          "it is " + size / 1024 + " KB, smaller than any Whisper model: a partial download?");
    }
    return new WhisperModel(sizeName(audioLayers), vocab > 51864, size);
  }

  private static String sizeName(int layers) {
    return switch (layers) {
      case 4 -> "tiny";
      case 6 -> "base";
      case 12 -> "small";
      case 24 -> "medium";
      default -> "large";
    };
  }

  private static IllegalStateException notAModel(Path model, String why) {
    return new IllegalStateException(
        "WHISPER_MODEL=" + model + " is not a whisper.cpp ggml model: " + why + "." + WHERE_TO_GET);
  }

  /** The first bytes as text where they are printable, so "RIFF" or "<!DOCTYPE" shows. */
  private static String printable(byte[] header) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(8, header.length); i++) {
      char c = (char) (header[i] & 0xFF);
      text.append(c >= 32 && c < 127 ? c : '.');
    }
    return "\"" + text + "\"";
  }
}
