package com.coachtrack.bench;

import com.coachtrack.activities.audio.Ffmpeg;
import com.coachtrack.activities.audio.FrameLevels;
import com.coachtrack.activities.audio.PcmDecoder;
import com.coachtrack.activities.audio.SilenceChunker;
import com.coachtrack.activities.engine.EngineSelector;
import com.coachtrack.activities.engine.SpeechEngine;
import com.coachtrack.activities.engine.StopSignal;
import com.coachtrack.workflows.activities.ChunkPlan;
import com.coachtrack.workflows.activities.DecodedAudio;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The "bare engine" half of {@code bench/engine-overhead}: the speech engine alone, in one JVM,
 * with no Temporal, database or HTTP. Not a test (surefire runs only {@code *Test} classes); the
 * bench script compiles this one file against the shaded {@code api-service.jar}, so it exercises
 * exactly the code the server runs.
 *
 * <p>Steps: decode the recording to 16 kHz mono PCM with the product's {@link PcmDecoder}; plan its
 * chunks with {@link SilenceChunker} (reported only, to tell how many chunks the system will run
 * and what a 2-slot speed-up can at best be); warm the engine up on one second of silence (Sphinx4
 * loads its model here); then time one {@link SpeechEngine#transcribe} over the whole file. With
 * {@code chunked=true} it also times the same engine over the planned chunks one after another,
 * which separates the cost of chunking from the cost of the rest of the system.
 *
 * <p>Usage: {@code java -cp CLASSES:api-service.jar com.coachtrack.bench.BareEngineBench AUDIO
 * [ENGINE] [chunked]}. Results are printed as {@code BENCH key=value} lines on stdout (anything
 * else is logging).
 */
public final class BareEngineBench {
  private BareEngineBench() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: BareEngineBench AUDIO [auto|sphinx4|pocketsphinx] [chunked: true|false]");
      System.exit(2);
    }
    Path audio = Path.of(args[0]);
    String engineName = args.length > 1 ? args[1] : EngineSelector.AUTO;
    boolean chunked = args.length > 2 && Boolean.parseBoolean(args[2]);

    Path pcmFile = Files.createTempFile("bench-engine-", ".pcm");
    try {
      long decodeStart = System.nanoTime();
      double duration = new PcmDecoder(Ffmpeg.locate()).decode(audio, pcmFile, () -> {});
      double decodeSeconds = secondsSince(decodeStart);
      byte[] pcm = Files.readAllBytes(pcmFile);
      List<ChunkPlan> plan = SilenceChunker.plan(FrameLevels.read(pcmFile));

      report("audio_seconds", duration);
      report("decode_seconds", decodeSeconds);
      report("chunks", plan.size());
      report(
          "chunk_seconds",
          plan.stream().map(c -> format(c.lengthSeconds())).collect(Collectors.joining(",")));
      report("ideal_speedup_2_slots", idealSpeedup(plan, 2));

      SpeechEngine engine = EngineSelector.select(engineName);
      report("engine", engine.name());

      long warmStart = System.nanoTime();
      engine.transcribe(
          new ByteArrayInputStream(new byte[DecodedAudio.BYTES_PER_SECOND]),
          0,
          w -> {},
          new StopSignal());
      report("warmup_seconds", secondsSince(warmStart));

      AtomicInteger words = new AtomicInteger();
      long wholeStart = System.nanoTime();
      engine.transcribe(
          new ByteArrayInputStream(pcm), 0, w -> words.incrementAndGet(), new StopSignal());
      double wholeSeconds = secondsSince(wholeStart);
      report("whole_seconds", wholeSeconds);
      report("whole_words", words.get());
      report("real_time_factor", wholeSeconds / duration);

      if (chunked) {
        AtomicInteger chunkWords = new AtomicInteger();
        long chunkedStart = System.nanoTime();
        for (ChunkPlan chunk : plan) {
          int from = (int) Math.min(pcm.length, byteOffset(chunk.startSeconds()));
          int to = (int) Math.min(pcm.length, byteOffset(chunk.endSeconds()));
          engine.transcribe(
              new ByteArrayInputStream(pcm, from, to - from),
              chunk.startSeconds(),
              w -> chunkWords.incrementAndGet(),
              new StopSignal());
        }
        report("chunked_seconds", secondsSince(chunkedStart));
        report("chunked_words", chunkWords.get());
      }
    } finally {
      Files.deleteIfExists(pcmFile);
    }
    // Sphinx4 and logging may leave non-daemon threads behind; the numbers are out.
    System.exit(0);
  }

  /**
   * Total audio over the time two slots need when each chunk, in plan order, goes to the first free
   * slot and takes time proportional to its length: the best speed-up this plan allows if the
   * engine's speed does not change when both cores are busy.
   */
  static double idealSpeedup(List<ChunkPlan> plan, int slots) {
    double[] busyUntil = new double[slots];
    double total = 0;
    for (ChunkPlan chunk : plan) {
      int first = 0;
      for (int i = 1; i < slots; i++) {
        if (busyUntil[i] < busyUntil[first]) {
          first = i;
        }
      }
      busyUntil[first] += chunk.lengthSeconds();
      total += chunk.lengthSeconds();
    }
    double makespan = 0;
    for (double until : busyUntil) {
      makespan = Math.max(makespan, until);
    }
    return makespan == 0 ? 1 : total / makespan;
  }

  /** As the chunk activity computes it: whole samples, two bytes each. */
  private static long byteOffset(double seconds) {
    return Math.round(seconds * DecodedAudio.SAMPLE_RATE) * 2;
  }

  private static double secondsSince(long nanoStart) {
    return (System.nanoTime() - nanoStart) / 1e9;
  }

  private static void report(String key, Object value) {
    String text = value instanceof Double d ? format(d) : String.valueOf(value);
    System.out.println("BENCH " + key + "=" + text);
    System.out.flush();
  }

  private static String format(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }
}
