package com.coachtrack.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void namesKeepOnlyWhatPrometheusAllows() {
    assertThat(PrometheusText.name("sessions.worker-lost")).isEqualTo("sessions_worker_lost");
    assertThat(PrometheusText.name("a:b_C9")).isEqualTo("a:b_C9");
    assertThat(PrometheusText.name("9lives")).isEqualTo("_9lives");
    assertThat(PrometheusText.name("")).isEqualTo("_");
    assertThat(PrometheusText.name("jvm.memory.heap.used")).isEqualTo("jvm_memory_heap_used");
    assertThat(PrometheusText.name("café")).isEqualTo("caf_");
  }

  @Test
  void valuesUseGoSpellings() {
    assertThat(PrometheusText.value(3)).isEqualTo("3");
    assertThat(PrometheusText.value(-2)).isEqualTo("-2");
    assertThat(PrometheusText.value(0.25)).isEqualTo("0.25");
    assertThat(PrometheusText.value(1e20)).isEqualTo("1.0E20");
    assertThat(PrometheusText.value(Double.NaN)).isEqualTo("NaN");
    assertThat(PrometheusText.value(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(PrometheusText.value(Double.NEGATIVE_INFINITY)).isEqualTo("-Inf");
  }

  @Test
  void labelValuesAreEscaped() {
    assertThat(PrometheusText.labelValue("a\"b\\c\nd")).isEqualTo("a\\\"b\\\\c\\nd");
  }

  @Test
  void everyKindOfMetricBecomesItsPrometheusFamily() {
    MetricRegistry registry = new MetricRegistry();
    registry.register("sessions.pending", (Gauge<Long>) () -> 3L);
    registry.register("flag", (Gauge<Boolean>) () -> true);
    Map<String, Double> speeds = new LinkedHashMap<>();
    speeds.put("pocketsphinx", 0.31);
    speeds.put("sp\"hinx", 2.5);
    registry.register("engine.seconds-per-audio-second", (Gauge<Map<String, Double>>) () -> speeds);
    registry.register("text", (Gauge<String>) () -> "not a number");
    registry.register("mixed", (Gauge<Map<String, Object>>) () -> Map.of("a", "b"));
    registry.register(
        "broken",
        (Gauge<Long>)
            () -> {
              throw new IllegalStateException("database away");
            });
    registry.counter("active-requests").inc(2);
    registry.meter("responses.5xx").mark(7);
    registry.histogram("sizes").update(10);
    Timer timer = registry.timer("SessionsResource.status");
    timer.update(Duration.ofMillis(250));
    timer.update(Duration.ofMillis(250));

    String text = PrometheusText.format(registry);
    List<String> lines = text.lines().toList();

    assertThat(lines)
        .contains(
            "# TYPE sessions_pending gauge",
            "sessions_pending 3",
            "flag 1",
            "engine_seconds_per_audio_second{key=\"pocketsphinx\"} 0.31",
            "engine_seconds_per_audio_second{key=\"sp\\\"hinx\"} 2.5",
            "# TYPE active_requests gauge",
            "active_requests 2",
            "# TYPE responses_5xx_total counter",
            "responses_5xx_total 7",
            "# TYPE sizes summary",
            "sizes{quantile=\"0.5\"} 10",
            "sizes_count 1",
            "# TYPE SessionsResource_status_seconds summary",
            "SessionsResource_status_seconds{quantile=\"0.99\"} 0.25",
            "SessionsResource_status_seconds_count 2");
    assertThat(text).doesNotContain("text ").doesNotContain("mixed").doesNotContain("broken");
    assertThat(lines)
        .filteredOn(line -> line.startsWith("# HELP sessions_pending"))
        .containsExactly("# HELP sessions_pending Dropwizard gauge sessions.pending");
    // Every line is a comment or "name[{labels}] value".
    assertThat(lines)
        .allMatch(
            line ->
                line.startsWith("# ")
                    || line.matches("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? \\S+"));
  }

  @Test
  void twoNamesThatCollideAreWrittenOnce() {
    MetricRegistry registry = new MetricRegistry();
    registry.register("a.b", (Gauge<Integer>) () -> 1);
    registry.register("a-b", (Gauge<Integer>) () -> 2);
    String text = PrometheusText.format(registry);
    assertThat(text.lines().filter(line -> line.startsWith("# TYPE a_b "))).hasSize(1);
    assertThat(text.lines().filter(line -> line.startsWith("a_b "))).hasSize(1);
  }
}
