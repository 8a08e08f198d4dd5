package com.coachtrack.activities.engine;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an engine name from configuration or a task into an engine. Engines are shared per JVM:
 * Sphinx4's loaded models are worth reusing across chunks and sessions. New engines (Whisper, a
 * remote API) plug in here behind {@link SpeechEngine}.
 */
public final class EngineSelector {
  public static final String AUTO = "auto";

  /** Two chunks at once: what a 2-core worker runs in parallel. */
  static final int SPHINX4_CONCURRENCY = 2;

  private static final Map<String, SpeechEngine> ENGINES = new ConcurrentHashMap<>();

  private EngineSelector() {}

  /**
   * @param name {@code auto} (pocketsphinx when installed, it is several times faster; else
   *     sphinx4), {@code sphinx4} or {@code pocketsphinx}; case-insensitive
   * @throws IllegalArgumentException for an unknown name, or pocketsphinx when it is not installed
   */
  public static SpeechEngine select(String name) {
    String resolved = resolve(name);
    return ENGINES.computeIfAbsent(resolved, EngineSelector::create);
  }

  /** The concrete engine name that {@code name} stands for. */
  public static String resolve(String name) {
    String normalized = name == null ? AUTO : name.strip().toLowerCase(Locale.ROOT);
    switch (normalized) {
      case AUTO:
        return PocketSphinxEngine.isInstalled() ? PocketSphinxEngine.NAME : Sphinx4Engine.NAME;
      case Sphinx4Engine.NAME:
        return Sphinx4Engine.NAME;
      case PocketSphinxEngine.NAME:
        if (!PocketSphinxEngine.isInstalled()) {
          throw new IllegalArgumentException(
              "Engine 'pocketsphinx' is not installed on this machine (Debian packages pocketsphinx and "
                  + "pocketsphinx-en-us); use 'sphinx4' or 'auto'");
        }
        return PocketSphinxEngine.NAME;
      default:
        throw new IllegalArgumentException(
            "Unknown speech engine '" + name + "': expected auto, sphinx4 or pocketsphinx");
    }
  }

  private static SpeechEngine create(String resolved) {
    return resolved.equals(PocketSphinxEngine.NAME)
        ? new PocketSphinxEngine()
        : new Sphinx4Engine(SPHINX4_CONCURRENCY);
  }
}
