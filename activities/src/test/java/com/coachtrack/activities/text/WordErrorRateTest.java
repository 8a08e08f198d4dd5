package com.coachtrack.activities.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class WordErrorRateTest {

  @Test
  void identicalTextHasNoErrors() {
    assertThat(
            WordErrorRate.of(
                "he was not an ill disposed young man", "he was not an ill disposed young man"))
        .isZero();
  }

  @Test
  void caseAndPunctuationAreIgnored() {
    assertThat(WordErrorRate.of("Hello, world! How are you?", "hello world how are you")).isZero();
    assertThat(WordErrorRate.of("I don't know", "i dont know")).isZero();
    assertThat(WordErrorRate.of("well-being", "well being")).isZero();
  }

  @Test
  void substitutionsDeletionsAndInsertionsEachCountOne() {
    assertThat(WordErrorRate.of("a b c d", "a x c d")).isEqualTo(0.25);
    assertThat(WordErrorRate.of("a b c d", "a c d")).isEqualTo(0.25);
    assertThat(WordErrorRate.of("a b c d", "a b b c d")).isEqualTo(0.25);
    assertThat(WordErrorRate.of("a b c d", "d c b a")).isEqualTo(1.0);
  }

  @Test
  void manyInsertionsCanExceedOne() {
    assertThat(WordErrorRate.of("yes", "yes yes yes")).isEqualTo(2.0);
  }

  @Test
  void emptyReferenceIsDefined() {
    assertThat(WordErrorRate.of("", "")).isZero();
    assertThat(WordErrorRate.of("  ...  ", "")).isZero();
    assertThat(WordErrorRate.of("", "something")).isEqualTo(1.0);
    assertThat(WordErrorRate.of("two words", "")).isEqualTo(1.0);
  }

  @Test
  void linesAndSpacesSeparateWords() {
    assertThat(WordErrorRate.words("  One\ttwo\n\nTHREE  ")).containsExactly("one", "two", "three");
    assertThat(WordErrorRate.words("Café — naïve")).containsExactly("café", "naïve");
    assertThat(WordErrorRate.words("")).isEmpty();
  }

  @Test
  void editDistanceOnLongTexts() {
    List<String> ref =
        WordErrorRate.words("the quick brown fox jumps over the lazy dog ".repeat(200));
    List<String> hyp =
        WordErrorRate.words("the quick brown fox jumped over a lazy dog ".repeat(200));
    assertThat(WordErrorRate.editDistance(ref, hyp)).isEqualTo(400);
    assertThat(WordErrorRate.of(String.join(" ", ref), String.join(" ", hyp)))
        .isCloseTo(400.0 / 1800, within(1e-9));
  }
}
