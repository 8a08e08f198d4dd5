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
    assertThatThrownBy(() -> EngineSelector.select("vosk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("vosk")
        .hasMessageContaining("auto, pocketsphinx, sphinx4, whisper or openai");
  }

  @Test
  void enginesThatNeedSettingsNameTheVariableWhenTheyHaveNone() {
    assertThatThrownBy(() -> EngineSelector.select("openai"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ASR_URL");
    assertThatThrownBy(() -> EngineSelector.select("Whisper"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("WHISPER_MODEL");
  }

  @Test
  void aConfiguredSpeechServerIsMadeOncePerSelectorAndCarriesItsName() {
    EngineSelector selector =
        new EngineSelector(
            new EngineSettings(OpenAiSettings.at("http://127.0.0.1:9"), WhisperSettings.none()));
    SpeechEngine openai = selector.engine(" OpenAI ");
    assertThat(openai).isInstanceOf(OpenAiEngine.class);
    assertThat(openai.name()).isEqualTo("openai");
    assertThat(openai.tellsPosition()).isTrue();
    assertThat(selector.engine("openai")).isSameAs(openai);
    assertThat(new EngineSelector(EngineSettings.none()).engine("sphinx4"))
        .as("the CMU engines are shared by every selector in the JVM")
        .isSameAs(selector.engine("sphinx4"));
  }
}
