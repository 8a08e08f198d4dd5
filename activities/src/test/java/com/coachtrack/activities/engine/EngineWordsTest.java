package com.coachtrack.activities.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EngineWordsTest {

  @Test
  void decoderBookkeepingIsFiller() {
    for (String filler :
        new String[] {"<s>", "</s>", "<sil>", "[NOISE]", "[SPEECH]", "++UH++", "(NULL)", " "}) {
      assertThat(EngineWords.isFiller(filler)).as(filler).isTrue();
    }
    assertThat(EngineWords.isFiller("coach")).isFalse();
    assertThat(EngineWords.isFiller("s.")).isFalse();
  }

  @Test
  void alternatePronunciationsAreTheSameWord() {
    assertThat(EngineWords.spelling("read(2)")).isEqualTo("read");
    assertThat(EngineWords.spelling("to(13)")).isEqualTo("to");
    assertThat(EngineWords.spelling("read")).isEqualTo("read");
    assertThat(EngineWords.spelling("(2)x")).isEqualTo("(2)x");
  }
}
