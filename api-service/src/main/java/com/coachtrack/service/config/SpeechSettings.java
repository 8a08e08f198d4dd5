package com.coachtrack.service.config;

import com.coachtrack.activities.engine.EngineSelector;
import com.coachtrack.activities.engine.EngineSettings;
import com.coachtrack.activities.engine.OpenAiSettings;
import com.coachtrack.activities.engine.WhisperSettings;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The engines on offer ({@code ENGINES}) and the settings of those that need some: an
 * OpenAI-compatible speech server ({@code ASR_*}) and whisper.cpp in process ({@code WHISPER_*}).
 * The default engine is the top-level {@code engine} ({@code ENGINE}).
 */
public class SpeechSettings {
  /** Comma-separated engine names; empty: only {@code ENGINE}. */
  @NotNull private String engines = "";

  @NotNull private String asrUrl = "";

  @NotNull private String asrApiKey = "";

  @NotBlank private String asrModel = OpenAiSettings.DEFAULT_MODEL;

  @NotBlank private String asrPath = OpenAiSettings.DEFAULT_PATH;

  /** A 60 s chunk on a slow CPU server takes about a minute; past this a request has failed. */
  @NotNull
  @MinDuration(value = 1, unit = TimeUnit.SECONDS)
  @MaxDuration(value = 30, unit = TimeUnit.MINUTES)
  private Duration asrTimeout = Duration.minutes(2);

  @NotNull private String whisperModel = "";

  /** CPU threads per chunk; 0: the cores shared among the engine slots. */
  @Min(0)
  @Max(64)
  private int whisperThreads;

  @NotNull
  @Pattern(regexp = "auto|[a-z]{2,3}", message = "must be auto or a language code such as en")
  private String whisperLanguage = "auto";

  /** The names in {@code ENGINES}, lower case, in order, without repeats. */
  @JsonIgnore
  public List<String> engineNames() {
    List<String> names = new ArrayList<>();
    for (String name : engines.split(",")) {
      String normalized = name.strip().toLowerCase(Locale.ROOT);
      if (!normalized.isEmpty() && !names.contains(normalized)) {
        names.add(normalized);
      }
    }
    return names;
  }

  @JsonIgnore
  @AssertTrue(
      message =
          "ENGINES must list engines this version knows, separated by commas: auto, pocketsphinx,"
              + " sphinx4, whisper, openai")
  public boolean isEnginesKnown() {
    return engineNames().stream()
        .allMatch(name -> name.equals(EngineSelector.AUTO) || EngineSelector.KNOWN.contains(name));
  }

  @JsonIgnore
  @AssertTrue(message = "ASR_URL must be an http:// or https:// address, or empty")
  public boolean isAsrUrlValid() {
    if (asrUrl.isBlank()) {
      return true;
    }
    try {
      URI uri = URI.create(asrUrl.strip());
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * @param engineSlots chunks this worker transcribes at once, which whisper's threads share
   */
  public EngineSettings engineSettings(int engineSlots) {
    OpenAiSettings openai =
        new OpenAiSettings(
            asrUrl.isBlank() ? null : URI.create(asrUrl.strip()),
            asrApiKey,
            asrModel.strip(),
            asrPath.strip(),
            asrTimeout.toJavaDuration());
    int cores = Runtime.getRuntime().availableProcessors();
    WhisperSettings whisper =
        new WhisperSettings(
            whisperModel.isBlank() ? null : Path.of(whisperModel.strip()),
            whisperThreads > 0 ? whisperThreads : Math.max(1, cores / Math.max(1, engineSlots)),
            whisperLanguage);
    return new EngineSettings(openai, whisper);
  }

  @JsonProperty
  public String getEngines() {
    return engines;
  }

  @JsonProperty
  public void setEngines(String engines) {
    // An empty ${VAR:-} reads as null.
    this.engines = engines == null ? "" : engines;
  }

  @JsonProperty
  public String getAsrUrl() {
    return asrUrl;
  }

  @JsonProperty
  public void setAsrUrl(String asrUrl) {
    // An empty ${VAR:-} reads as null.
    this.asrUrl = asrUrl == null ? "" : asrUrl;
  }

  @JsonProperty
  public String getAsrApiKey() {
    return asrApiKey;
  }

  @JsonProperty
  public void setAsrApiKey(String asrApiKey) {
    // An empty ${VAR:-} reads as null.
    this.asrApiKey = asrApiKey == null ? "" : asrApiKey;
  }

  @JsonProperty
  public String getAsrModel() {
    return asrModel;
  }

  @JsonProperty
  public void setAsrModel(String asrModel) {
    this.asrModel = asrModel;
  }

  @JsonProperty
  public String getAsrPath() {
    return asrPath;
  }

  @JsonProperty
  public void setAsrPath(String asrPath) {
    this.asrPath = asrPath;
  }

  @JsonProperty
  public Duration getAsrTimeout() {
    return asrTimeout;
  }

  @JsonProperty
  public void setAsrTimeout(Duration asrTimeout) {
    this.asrTimeout = asrTimeout;
  }

  @JsonProperty
  public String getWhisperModel() {
    return whisperModel;
  }

  @JsonProperty
  public void setWhisperModel(String whisperModel) {
    // An empty ${VAR:-} reads as null.
    this.whisperModel = whisperModel == null ? "" : whisperModel;
  }

  @JsonProperty
  public int getWhisperThreads() {
    return whisperThreads;
  }

  @JsonProperty
  public void setWhisperThreads(int whisperThreads) {
    this.whisperThreads = whisperThreads;
  }

  @JsonProperty
  public String getWhisperLanguage() {
    return whisperLanguage;
  }

  @JsonProperty
  public void setWhisperLanguage(String whisperLanguage) {
    this.whisperLanguage = whisperLanguage;
  }
}
