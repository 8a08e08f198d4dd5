package com.coachtrack.service.engines;

import com.coachtrack.activities.engine.EngineProfile;
import com.coachtrack.activities.engine.EngineSelector;
import com.coachtrack.service.errors.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The engines this installation offers ({@code ENGINES}, else just {@code ENGINE}) and the default
 * one. A process that runs a worker resolves {@code auto} to the engine its machine has; an
 * API-only process keeps the names as configured, since its machine need not have the engines (a
 * session on {@code auto} then goes to the {@code transcribe-auto} queue, which workers configured
 * with {@code auto} also poll).
 */
public final class EngineCatalog {
  private final List<String> names;
  private final String defaultEngine;
  private final boolean autoConfigured;

  private EngineCatalog(List<String> names, String defaultEngine, boolean autoConfigured) {
    this.names = List.copyOf(names);
    this.defaultEngine = defaultEngine;
    this.autoConfigured = autoConfigured;
  }

  /**
   * @param engine {@code ENGINE}, the default
   * @param offered {@code ENGINES}, possibly empty
   * @param resolveHere whether this machine runs the engines (a worker), so {@code auto} is
   *     resolved and an engine that is not installed stops the start
   * @throws IllegalArgumentException for an unknown or uninstalled engine
   * @throws IllegalStateException when {@code ENGINE} names an engine missing from {@code ENGINES}
   */
  public static EngineCatalog of(String engine, List<String> offered, boolean resolveHere) {
    String configuredDefault = normalize(engine);
    List<String> configured = offered.isEmpty() ? List.of(configuredDefault) : offered;
    List<String> names = new ArrayList<>();
    for (String name : configured) {
      String resolved = resolveHere ? EngineSelector.resolve(name) : normalize(name);
      if (!names.contains(resolved)) {
        names.add(resolved);
      }
    }
    boolean autoConfigured = configured.stream().anyMatch(EngineSelector.AUTO::equals);
    String resolvedDefault =
        resolveHere ? EngineSelector.resolve(configuredDefault) : configuredDefault;
    String chosen;
    if (names.contains(resolvedDefault)) {
      chosen = resolvedDefault;
    } else if (configuredDefault.equals(EngineSelector.AUTO)) {
      // ENGINE left at its default: the first engine of ENGINES is the default.
      chosen = names.get(0);
    } else {
      throw new IllegalStateException(
          "ENGINE=" + engine + " is not one of ENGINES=" + String.join(",", offered));
    }
    return new EngineCatalog(names, chosen, autoConfigured);
  }

  /** The engines on offer, in the configured order. */
  public List<String> names() {
    return names;
  }

  public String defaultEngine() {
    return defaultEngine;
  }

  /**
   * Whether {@code auto} was configured: a worker then also takes chunks of sessions an API-only
   * process recorded as {@code auto}.
   */
  public boolean autoConfigured() {
    return autoConfigured;
  }

  /**
   * The engine for an upload or a retry: the default when none is asked for.
   *
   * @throws ApiException 400 {@code unknown_engine} listing the choices
   */
  public String choose(String requested) {
    if (requested == null || requested.isBlank()) {
      return defaultEngine;
    }
    String normalized = requested.strip().toLowerCase(Locale.ROOT);
    if (names.contains(normalized)) {
      return normalized;
    }
    if (normalized.equals(EngineSelector.AUTO) && autoConfigured) {
      return defaultEngine;
    }
    throw new ApiException(
        400,
        "unknown_engine",
        "There is no engine '"
            + requested.strip()
            + "' here. Choose one of: "
            + names.stream().map(EngineCatalog::describe).collect(Collectors.joining(", "))
            + ".");
  }

  private static String describe(String name) {
    return EngineProfile.of(name).map(p -> name + " (" + p.displayName() + ")").orElse(name);
  }

  private static String normalize(String name) {
    return name == null ? EngineSelector.AUTO : name.strip().toLowerCase(Locale.ROOT);
  }
}
