package com.coachtrack.activities.engine;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an engine name from configuration or a task into an engine. The CMU engines are shared per
 * JVM (Sphinx4's loaded models are worth reusing across chunks, sessions and applications); the
 * configured ones (a speech server, a whisper model) per selector, since two applications in one
 * JVM (tests) may point at different servers.
 */
public final class EngineSelector {
  public static final String AUTO = "auto";

  /** Every engine this version can run, in the order they are offered. */
  public static final List<String> KNOWN =
      List.of(PocketSphinxEngine.NAME, Sphinx4Engine.NAME, WhisperEngine.NAME, OpenAiEngine.NAME);

  /** Two chunks at once: what a 2-core worker runs in parallel. */
  static final int SPHINX4_CONCURRENCY = 2;

  private static final Map<String, SpeechEngine> CMU = new ConcurrentHashMap<>();
  private static final EngineSelector UNCONFIGURED = new EngineSelector(EngineSettings.none());

  private final EngineSettings settings;
  private final Map<String, SpeechEngine> configured = new ConcurrentHashMap<>();

  public EngineSelector(EngineSettings settings) {
    this.settings = settings;
  }

  /**
   * An engine that needs no settings (the CMU engines), for tools and tests.
   *
   * @throws IllegalArgumentException for an unknown name, or pocketsphinx when it is not installed
   * @throws IllegalStateException for an engine that needs settings
   */
  public static SpeechEngine select(String name) {
    return UNCONFIGURED.engine(name);
  }

  /**
   * The engine for a name, made on first use: a speech server's settings and a whisper model are
   * checked then, so a worker asks for its engines at start-up.
   *
   * @param name {@code auto} (pocketsphinx when installed, it is several times faster; else
   *     sphinx4), {@code sphinx4}, {@code pocketsphinx}, {@code whisper} or {@code openai};
   *     case-insensitive
   * @throws IllegalArgumentException for an unknown name, or pocketsphinx when it is not installed
   * @throws IllegalStateException naming the variable to set when a configured engine cannot start
   */
  public SpeechEngine engine(String name) {
    String resolved = resolve(name);
    return switch (resolved) {
      case PocketSphinxEngine.NAME -> CMU.computeIfAbsent(resolved, n -> new PocketSphinxEngine());
      case Sphinx4Engine.NAME ->
          CMU.computeIfAbsent(resolved, n -> new Sphinx4Engine(SPHINX4_CONCURRENCY));
      case OpenAiEngine.NAME ->
          configured.computeIfAbsent(resolved, n -> new OpenAiEngine(settings.openai()));
      default -> configured.computeIfAbsent(resolved, n -> new WhisperEngine(settings.whisper()));
    };
  }

  /** The concrete engine name that {@code name} stands for. */
  public static String resolve(String name) {
    String normalized = name == null ? AUTO : name.strip().toLowerCase(Locale.ROOT);
    switch (normalized) {
      case AUTO:
        return PocketSphinxEngine.isInstalled() ? PocketSphinxEngine.NAME : Sphinx4Engine.NAME;
      case Sphinx4Engine.NAME, OpenAiEngine.NAME, WhisperEngine.NAME:
        return normalized;
      case PocketSphinxEngine.NAME:
        if (!PocketSphinxEngine.isInstalled()) {
          throw new IllegalArgumentException(
              "Engine 'pocketsphinx' is not installed on this machine (Debian packages pocketsphinx and "
                  + "pocketsphinx-en-us); use 'sphinx4' or 'auto'");
        }
        return PocketSphinxEngine.NAME;
      default:
        throw new IllegalArgumentException(
            "Unknown speech engine '"
                + name
                + "': expected auto, "
                + String.join(", ", KNOWN.subList(0, KNOWN.size() - 1))
                + " or "
                + KNOWN.get(KNOWN.size() - 1));
    }
  }
}
