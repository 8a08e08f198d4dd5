package com.coachtrack.activities.text;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Word error rate: the word-level edit distance (substitutions + deletions + insertions) between a
 * reference and a hypothesis, divided by the number of reference words. Case and punctuation are
 * ignored because engines differ in both and neither changes what was said.
 */
public final class WordErrorRate {
  // Apostrophes are removed rather than split on, so "don't" matches "dont"; other punctuation
  // separates words.
  private static final Pattern APOSTROPHES = Pattern.compile("['\u2019]");
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  private WordErrorRate() {}

  /**
   * @return 0 for a perfect match; can exceed 1 when the hypothesis has many extra words. An empty
   *     reference gives 0 for an empty hypothesis and 1 otherwise, so the result is always defined.
   */
  public static double of(String reference, String hypothesis) {
    List<String> ref = words(reference);
    List<String> hyp = words(hypothesis);
    if (ref.isEmpty()) {
      return hyp.isEmpty() ? 0 : 1;
    }
    return (double) editDistance(ref, hyp) / ref.size();
  }

  /** Lowercase words with punctuation stripped, as compared by {@link #of}. */
  public static List<String> words(String text) {
    String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    String cleaned =
        NON_WORD.matcher(APOSTROPHES.matcher(normalized).replaceAll("")).replaceAll(" ").strip();
    return cleaned.isEmpty() ? List.of() : Arrays.asList(cleaned.split(" "));
  }

  /**
   * Levenshtein distance over words, keeping only two rows so long transcripts need little memory.
   */
  static int editDistance(List<String> ref, List<String> hyp) {
    int[] previous = new int[hyp.size() + 1];
    int[] current = new int[hyp.size() + 1];
    for (int j = 0; j <= hyp.size(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= ref.size(); i++) {
      current[0] = i;
      for (int j = 1; j <= hyp.size(); j++) {
        int substitution = previous[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[hyp.size()];
  }
}
