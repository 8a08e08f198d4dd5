package com.coachtrack.activities.engine;

/** What the engines that need configuration are configured with. */
public record EngineSettings(OpenAiSettings openai, WhisperSettings whisper) {

  /** Nothing configured: only the CMU engines, which need nothing, can be made. */
  public static EngineSettings none() {
    return new EngineSettings(OpenAiSettings.none(), WhisperSettings.none());
  }
}
