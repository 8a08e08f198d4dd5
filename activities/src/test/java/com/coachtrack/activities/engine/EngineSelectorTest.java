package com.coachtrack.activities.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EngineSelectorTest {

  @Test
  void autoPrefersPocketSphinxWhenInstalled() {
    String expected = PocketSphinxEngine.isInstalled() ? "pocketsphinx" : "sphinx4";

    assertThat(EngineSelector.select("auto").name()).isEqualTo(expected);
    assertThat(EngineSelector.select(null).name()).isEqualTo(expected);
    assertThat(EngineSelector.resolve(" AUTO ")).isEqualTo(expected);
  }

  @Test
  void namedEnginesAreSharedInstances() {
    SpeechEngine sphinx4 = EngineSelector.select("sphinx4");

    assertThat(sphinx4).isInstanceOf(Sphinx4Engine.class);
    assertThat(EngineSelector.select("Sphinx4")).isSameAs(sphinx4);
  }

  @Test
  void pocketSphinxOnlyWhenInstalled() {
    if (PocketSphinxEngine.isInstalled()) {
      assertThat(EngineSelector.select("pocketsphinx")).isInstanceOf(PocketSphinxEngine.class);
      assertThat(EngineSelector.select("auto")).isSameAs(EngineSelector.select("pocketsphinx"));
    } else {
      assertThatThrownBy(() -> EngineSelector.select("pocketsphinx"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("not installed");
    }
  }

  @Test
  void unknownNamesAreRejectedWithTheChoices() {
    assertThatThrownBy(() -> EngineSelector.select("whisper"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("whisper")
        .hasMessageContaining("auto, sphinx4 or pocketsphinx");
  }
}
