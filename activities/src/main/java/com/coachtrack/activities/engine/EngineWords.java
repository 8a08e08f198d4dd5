package com.coachtrack.activities.engine;

import java.util.regex.Pattern;

/** The CMU engines' token conventions, shared so both report words the same way. */
final class EngineWords {
  /** {@code read(2)}: the dictionary's second pronunciation of "read"; the word is the same. */
  private static final Pattern ALTERNATE_PRONUNCIATION = Pattern.compile("\\(\\d+\\)$");

  private EngineWords() {}

  /**
   * Sentence marks ({@code <s>}, {@code </s>}), silence ({@code <sil>}), noise classes ({@code
   * [NOISE]}, {@code ++BREATH++}) and the null word are decoder bookkeeping, not something anybody
   * said.
   */
  static boolean isFiller(String token) {
    return token.isBlank()
        || token.startsWith("<")
        || token.startsWith("[")
        || token.startsWith("++")
        || token.equals("(NULL)");
  }

  static String spelling(String token) {
    return ALTERNATE_PRONUNCIATION.matcher(token).replaceFirst("");
  }
}
