package com.coachtrack.activities.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.store.SessionProgress;
import com.coachtrack.workflows.progress.SpeedPrior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What each engine ships with until this installation has learned its own pace. */
class EngineProfileTest {
  @Test
  void aFreshInstallPromisesAnEightSecondPocketsphinxJobSecondsNotMinutes() {
    // 2 slots, as on the 2-core machines the speed was measured on.
    double prior = SessionProgress.shippedPrior("pocketsphinx", 2);

    assertThat(prior).isEqualTo(0.125);
    assertThat(8 * prior).as("seconds of work for 8 s of audio").isLessThan(5);
    assertThat(8 * SpeedPrior.DEFAULT)
        .as("what the generic default would have promised")
        .isGreaterThan(8 * prior * 10);
  }

  @Test
  void theShippedPaceSpreadsOverTheFleetsSlots() {
    EngineProfile whisper = EngineProfile.WHISPER;

    assertThat(whisper.shippedPrior(1)).isEqualTo(whisper.secondsPerAudioSecondPerSlot());
    assertThat(whisper.shippedPrior(4)).isEqualTo(whisper.secondsPerAudioSecondPerSlot() / 4);
    assertThat(whisper.shippedPrior(0)).as("no slots counts as one").isEqualTo(0.5);
  }

  @Test
  void anEngineThisVersionDoesNotKnowGetsTheGenericDefault() {
    assertThat(EngineProfile.of("vosk")).isEmpty();
    assertThat(EngineProfile.of(null)).isEmpty();
    assertThat(SessionProgress.shippedPrior("vosk", 2)).isEqualTo(SpeedPrior.DEFAULT);
  }

  @Test
  void storedNamesAreFoundWhateverTheirCaseAndSpaces() {
    assertThat(EngineProfile.of(" PocketSphinx ")).contains(EngineProfile.POCKETSPHINX);
    assertThat(EngineProfile.of("openai")).contains(EngineProfile.OPENAI);
  }

  @ParameterizedTest
  @EnumSource(EngineProfile.class)
  void onlyEnginesThatGiveNoPositionHaveTheirsEstimated(EngineProfile profile) {
    boolean remoteOrWhisper = profile == EngineProfile.OPENAI || profile == EngineProfile.WHISPER;
    assertThat(profile.positionEstimated()).isEqualTo(remoteOrWhisper);
    assertThat(profile.displayName()).isEqualTo(remoteOrWhisper ? "Accurate" : "Fast draft");
    assertThat(profile.description()).isNotBlank();
    assertThat(profile.secondsPerAudioSecondPerSlot()).isPositive();
    assertThat(EngineProfile.of(profile.engineName())).contains(profile);
  }
}
