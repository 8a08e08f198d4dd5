package com.coachtrack.service.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Dropwizard metrics in Prometheus' text exposition format (version 0.0.4), for scraping the admin
 * port the way Temporal itself is scraped. Hand-written because the Prometheus client's Dropwizard
 * bridge is not available to this build; it covers what this application registers:
 *
 * <ul>
 *   <li>names: every character outside {@code [a-zA-Z0-9_:]} becomes {@code _} ({@code
 *       sessions.worker-lost} → {@code sessions_worker_lost});
 *   <li>gauges of a number or a boolean (1/0) → gauge; a gauge of a map of numbers (the learned
 *       speed per engine) → one gauge with a {@code key} label per entry; any other gauge, or one
 *       that throws (the database is down), is left out of that scrape;
 *   <li>counters → gauge, because Dropwizard counters also go down (Jetty's active requests);
 *   <li>meters → counter {@code <name>_total} (the count; Prometheus computes rates itself);
 *   <li>histograms → summary with quantiles 0.5 … 0.999 and {@code _count};
 *   <li>timers → summary {@code <name>_seconds}, quantiles in seconds, and {@code _count}.
 * </ul>
 *
 * Summaries have no {@code _sum}: Dropwizard keeps no exact total, and an estimate passed off as
 * one would make {@code rate(_sum)/rate(_count)} lie. Mean latency comes from the 0.5 quantile
 * instead.
 */
public final class PrometheusText {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};
  private static final double NANOS_PER_SECOND = TimeUnit.SECONDS.toNanos(1);

  private PrometheusText() {}

  public static String format(MetricRegistry registry) {
    StringBuilder out = new StringBuilder(64 * 1024);
    Set<String> written = new HashSet<>();
    registry.getGauges().forEach((name, gauge) -> gauge(out, written, name, gauge));
    registry
        .getCounters()
        .forEach(
            (name, counter) -> {
              String family = name(name);
              if (begin(out, written, family, name, "counter", "gauge")) {
                sample(out, family, "", counter.getCount());
              }
            });
    registry.getMeters().forEach((name, meter) -> meter(out, written, name, meter));
    registry
        .getHistograms()
        .forEach(
            (name, histogram) ->
                summary(out, written, name(name), name, "histogram", histogram, 1));
    registry
        .getTimers()
        .forEach(
            (name, timer) ->
                summary(
                    out, written, name(name) + "_seconds", name, "timer", timer, NANOS_PER_SECOND));
    return out.toString();
  }

  /** A Prometheus metric name for a Dropwizard one. */
  static String name(String dropwizardName) {
    StringBuilder name = new StringBuilder(dropwizardName.length() + 1);
    for (int i = 0; i < dropwizardName.length(); i++) {
      char c = dropwizardName.charAt(i);
      boolean allowed =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == ':';
      name.append(allowed ? c : '_');
    }
    if (name.length() == 0 || Character.isDigit(name.charAt(0))) {
      name.insert(0, '_');
    }
    return name.toString();
  }

  /** A sample value as Prometheus reads it: Go's float syntax, with its spelling of infinities. */
  static String value(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "+Inf" : "-Inf";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return Double.toString(value);
  }

  /** A label value with backslash, double quote and line feed escaped. */
  static String labelValue(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }

  private static void gauge(StringBuilder out, Set<String> written, String name, Gauge<?> gauge) {
    Object value;
    try {
      value = gauge.getValue();
    } catch (RuntimeException e) {
      return; // e.g. the session gauges while the database is away: absent, not zero
    }
    String family = name(name);
    if (value instanceof Number number) {
      if (begin(out, written, family, name, "gauge", "gauge")) {
        sample(out, family, "", number.doubleValue());
      }
    } else if (value instanceof Boolean flag) {
      if (begin(out, written, family, name, "gauge", "gauge")) {
        sample(out, family, "", flag ? 1 : 0);
      }
    } else if (value instanceof Map<?, ?> map && numbersOnly(map)) {
      if (begin(out, written, family, name, "gauge", "gauge")) {
        map.forEach(
            (key, number) ->
                sample(
                    out,
                    family,
                    "{key=\"" + labelValue(String.valueOf(key)) + "\"}",
                    ((Number) number).doubleValue()));
      }
    }
  }

  private static boolean numbersOnly(Map<?, ?> map) {
    return map.values().stream().allMatch(v -> v instanceof Number);
  }

  private static void meter(StringBuilder out, Set<String> written, String name, Meter meter) {
    String family = name(name) + "_total";
    if (begin(out, written, family, name, "meter", "counter")) {
      sample(out, family, "", meter.getCount());
    }
  }

  private static void summary(
      StringBuilder out,
      Set<String> written,
      String family,
      String name,
      String kind,
      com.codahale.metrics.Sampling sampling,
      double divisor) {
    if (!begin(out, written, family, name, kind, "summary")) {
      return;
    }
    Snapshot snapshot = sampling.getSnapshot();
    for (double q : QUANTILES) {
      sample(out, family, "{quantile=\"" + q + "\"}", snapshot.getValue(q) / divisor);
    }
    long count =
        sampling instanceof Timer timer
            ? timer.getCount()
            : sampling instanceof Histogram histogram ? histogram.getCount() : snapshot.size();
    sample(out, family + "_count", "", count);
  }

  /**
   * Writes HELP and TYPE once per family; false when the name is taken (two Dropwizard names that
   * differ only in punctuation), since a repeated family makes the whole scrape invalid.
   */
  private static boolean begin(
      StringBuilder out,
      Set<String> written,
      String family,
      String dropwizardName,
      String kind,
      String type) {
    if (!written.add(family)) {
      return false;
    }
    out.append("# HELP ")
        .append(family)
        .append(" Dropwizard ")
        .append(kind)
        .append(' ')
        .append(dropwizardName.replace("\\", "\\\\").replace("\n", "\\n"))
        .append('\n');
    out.append("# TYPE ").append(family).append(' ').append(type).append('\n');
    return true;
  }

  private static void sample(StringBuilder out, String family, String labels, double value) {
    out.append(family).append(labels).append(' ').append(value(value)).append('\n');
  }
}
