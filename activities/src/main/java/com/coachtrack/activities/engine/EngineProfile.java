package com.coachtrack.activities.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What the product says about each engine it knows, wherever it runs: the name coaches choose
 * between, its speed until this installation has learned one, and whether the engine tells its
 * position. The pocketsphinx and sphinx4 speeds were measured on this project's 2-core machines
 * (see README, "Measured"); whisper's (no model can be downloaded there) and the remote one's are
 * estimates. Each is replaced by the learned pace after the first completed session.
 */
public enum EngineProfile {
  POCKETSPHINX(
      PocketSphinxEngine.NAME,
      "Fast draft",
      "CMU pocketsphinx on our servers: quick, rough wording",
      0.25,
      false),
  SPHINX4(
      Sphinx4Engine.NAME,
      "Fast draft",
      "CMU Sphinx4 on our servers: rough wording, no install needed",
      1.2,
      false),
  WHISPER(
      WhisperEngine.NAME,
      "Accurate",
      "Whisper (whisper.cpp) on our servers: readable transcripts, slower",
      0.5,
      true),
  OPENAI(
      OpenAiEngine.NAME,
      "Accurate",
      "A Whisper-class speech service: readable transcripts",
      0.2,
      true);

  private final String engineName;
  private final String displayName;
  private final String description;
  private final double secondsPerAudioSecondPerSlot;
  private final boolean positionEstimated;

  EngineProfile(
      String engineName,
      String displayName,
      String description,
      double secondsPerAudioSecondPerSlot,
      boolean positionEstimated) {
    this.engineName = engineName;
    this.displayName = displayName;
    this.description = description;
    this.secondsPerAudioSecondPerSlot = secondsPerAudioSecondPerSlot;
    this.positionEstimated = positionEstimated;
  }

  /** The stable name stored with sessions, chunks and learned speeds ("pocketsphinx"). */
  public String engineName() {
    return engineName;
  }

  /** What a coach chooses: "Fast draft" or "Accurate". */
  public String displayName() {
    return displayName;
  }

  public String description() {
    return description;
  }

  /**
   * Wall seconds one engine slot needs per audio second of a chunk, as shipped: pocketsphinx was
   * measured at 0.20 CPU s (quiet machine: 0.24 to 0.32 wall s) per audio second on one core.
   */
  public double secondsPerAudioSecondPerSlot() {
    return secondsPerAudioSecondPerSlot;
  }

  /**
   * The pace of a session alone before anything is learned: its chunks spread over the fleet's
   * slots, which is what the learned prior measures too (docs/progress-and-eta.md).
   */
  public double shippedPrior(int fleetSlots) {
    return secondsPerAudioSecondPerSlot / Math.max(1, fleetSlots);
  }

  /**
   * The engine gives no position while it works on a chunk: the worker moves it on the learned
   * pace, and the ETA's range is wider.
   */
  public boolean positionEstimated() {
    return positionEstimated;
  }

  /** The profile of a stored engine name; empty for a name this version does not know. */
  public static Optional<EngineProfile> of(String engineName) {
    if (engineName == null) {
      return Optional.empty();
    }
    String normalized = engineName.strip().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(p -> p.engineName.equals(normalized)).findFirst();
  }
}
