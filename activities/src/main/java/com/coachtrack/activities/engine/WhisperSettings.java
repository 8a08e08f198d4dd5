package com.coachtrack.activities.engine;

import java.nio.file.Path;

/**
 * whisper.cpp in process ({@code WHISPER_*}).
 *
 * @param model {@code WHISPER_MODEL}, a ggml model file (ggml-base.en.bin, …); null when not set
 * @param threads {@code WHISPER_THREADS}, CPU threads per chunk being transcribed (at least 1)
 * @param language {@code WHISPER_LANGUAGE}, a language code ({@code en}, {@code de}) or {@code
 *     auto} to detect it per chunk; English-only models ({@code .en}) always use {@code en}
 */
public record WhisperSettings(Path model, int threads, String language) {

  public static WhisperSettings none() {
    return new WhisperSettings(null, 1, "auto");
  }
}
