package com.coachtrack.service.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.coachtrack.activities.engine.EngineSelector;
import com.coachtrack.service.errors.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which engines an installation offers, its default, and what an upload or retry may name. */
class EngineCatalogTest {
  @Test
  void withoutEnginesTheDefaultIsTheOnlyChoice() {
    EngineCatalog catalog = EngineCatalog.of("openai", List.of(), false);

    assertThat(catalog.names()).containsExactly("openai");
    assertThat(catalog.defaultEngine()).isEqualTo("openai");
    assertThat(catalog.choose(null)).isEqualTo("openai");
    assertThat(catalog.choose("  ")).isEqualTo("openai");
    assertThat(catalog.autoConfigured()).isFalse();
  }

  @Test
  void enginesAreOfferedInTheirOrderOnceEachWithTheDefaultAmongThem() {
    EngineCatalog catalog =
        EngineCatalog.of(" Whisper ", List.of("openai", "whisper", "openai", "sphinx4"), false);

    assertThat(catalog.names()).containsExactly("openai", "whisper", "sphinx4");
    assertThat(catalog.defaultEngine()).isEqualTo("whisper");
    assertThat(catalog.choose(" SPHINX4 ")).isEqualTo("sphinx4");
  }

  @Test
  void engineLeftAtAutoMakesTheFirstOfEnginesTheDefault() {
    EngineCatalog catalog = EngineCatalog.of("auto", List.of("openai", "sphinx4"), false);

    assertThat(catalog.defaultEngine()).isEqualTo("openai");
    assertThat(EngineCatalog.of(null, List.of("whisper"), false).defaultEngine())
        .isEqualTo("whisper");
  }

  @Test
  void aDefaultMissingFromEnginesStopsTheStartNamingBoth() {
    assertThatThrownBy(() -> EngineCatalog.of("whisper", List.of("openai", "sphinx4"), false))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ENGINE=whisper is not one of ENGINES=openai,sphinx4");
  }

  @Test
  void anUnknownEngineIsRefusedWithTheChoicesAndTheirDisplayNames() {
    EngineCatalog catalog = EngineCatalog.of("openai", List.of("openai", "sphinx4"), false);

    ApiException refused =
        catchThrowableOfType(() -> catalog.choose(" whisper-large "), ApiException.class);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.code()).isEqualTo("unknown_engine");
    assertThat(refused.getMessage())
        .isEqualTo(
            "There is no engine 'whisper-large' here. Choose one of: openai (Accurate),"
                + " sphinx4 (Fast draft).");
  }

  @Test
  void anApiOnlyProcessKeepsAutoAsConfiguredForTheWorkersToResolve() {
    EngineCatalog catalog = EngineCatalog.of("auto", List.of(), false);

    assertThat(catalog.names()).containsExactly("auto");
    assertThat(catalog.autoConfigured()).isTrue();
    assertThat(catalog.choose("auto")).isEqualTo("auto");
  }

  @Test
  void aWorkerResolvesAutoToTheEngineItsMachineHasAndStillAcceptsTheWordAuto() {
    String here = EngineSelector.resolve("auto");
    EngineCatalog catalog = EngineCatalog.of("auto", List.of("auto", "openai"), true);

    assertThat(here).isIn("pocketsphinx", "sphinx4");
    assertThat(catalog.names()).containsExactly(here, "openai");
    assertThat(catalog.defaultEngine()).isEqualTo(here);
    assertThat(catalog.autoConfigured()).isTrue();
    assertThat(catalog.choose("auto")).as("uploads may still say auto").isEqualTo(here);
  }

  @Test
  void aWorkerRefusesAnEngineNameItDoesNotKnow() {
    assertThatThrownBy(() -> EngineCatalog.of("vosk", List.of(), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Unknown speech engine 'vosk'");
  }
}
