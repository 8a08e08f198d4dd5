package com.coachtrack.activities.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.coachtrack.activities.testing.SyntheticPcm;
import com.coachtrack.activities.testing.TestAudio;
import com.coachtrack.workflows.activities.ChunkPlan;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SilenceChunkerTest {

  @Test
  void shortRecordingIsOneChunk() {
    List<ChunkPlan> plan = SilenceChunker.plan(new SyntheticPcm().speechLike(44.5, 0.3).levels());

    assertThat(plan).containsExactly(new ChunkPlan(0, 0, 44.5));
  }

  @Test
  void emptyRecordingHasNoChunks() {
    assertThat(SilenceChunker.plan(new FrameLevels(new float[0], 0))).isEmpty();
  }

  @Test
  void cutsInTheOnlyPauseOfTheWindow() {
    FrameLevels levels =
        new SyntheticPcm().speechLike(31, 0.3).silence(0.6).speechLike(28.4, 0.3).levels();

    List<ChunkPlan> plan = SilenceChunker.plan(levels);

    assertThat(plan).hasSize(2);
    assertThat(plan.get(0).endSeconds()).isBetween(31.0, 31.6);
    assertThat(plan.get(1).startSeconds()).isEqualTo(plan.get(0).endSeconds());
    assertThat(plan.get(1).endSeconds()).isEqualTo(60.0);
  }

  @Test
  void prefersTheLongerOfTwoEquallySilentPauses() {
    FrameLevels levels =
        new SyntheticPcm()
            .speechLike(24, 0.3)
            .silence(0.4)
            .speechLike(14, 0.3)
            .silence(1.5)
            .speechLike(30, 0.3)
            .levels();

    double cut = SilenceChunker.plan(levels).get(0).endSeconds();

    assertThat(cut).isBetween(38.4, 39.9);
  }

  @Test
  void prefersTheQuieterOfTwoPauses() {
    FrameLevels levels =
        new SyntheticPcm()
            .speechLike(22, 0.3)
            .noise(1.0, 0.01)
            .speechLike(10, 0.3)
            .noise(1.0, 0.0003)
            .speechLike(30, 0.3)
            .levels();

    double cut = SilenceChunker.plan(levels).get(0).endSeconds();

    assertThat(cut).isBetween(33.0, 34.0);
  }

  @Test
  void pausesOutsideTheWindowAreIgnored() {
    // Silences at 10 s (too early) and 50 s (too late); between 20 and 45 s there is only sound.
    FrameLevels levels =
        new SyntheticPcm()
            .speechLike(10, 0.3)
            .silence(2)
            .speechLike(38, 0.3)
            .silence(2)
            .speechLike(30, 0.3)
            .levels();

    double cut = SilenceChunker.plan(levels).get(0).endSeconds();

    assertThat(cut).isBetween(20.0, 45.0);
  }

  @Test
  void steadySoundWithoutPausesIsCutInTheMiddleOfTheWindow() {
    List<ChunkPlan> plan = SilenceChunker.plan(new SyntheticPcm().tone(100, 300, 0.2).levels());

    assertThat(plan.get(0).endSeconds()).isCloseTo(32.5, within(1.0));
    assertInvariants(plan, 100);
  }

  @Test
  void neverLeavesATailShorterThanFiveSeconds() {
    // The only pause sits 2 s before the end: cutting there would leave a 2 s chunk.
    FrameLevels levels =
        new SyntheticPcm().speechLike(46, 0.3).silence(1).speechLike(1, 0.3).levels();

    List<ChunkPlan> plan = SilenceChunker.plan(levels);

    assertInvariants(plan, 48);
    assertThat(plan.get(plan.size() - 1).lengthSeconds())
        .isGreaterThanOrEqualTo(SilenceChunker.MIN_TAIL_SECONDS);
  }

  @Test
  void cutsAreWholeSamplesAndContiguous() {
    List<ChunkPlan> plan =
        SilenceChunker.plan(new SyntheticPcm().speechLike(200.013, 0.3).levels());

    assertInvariants(plan, 200.013);
    for (ChunkPlan chunk : plan.subList(0, plan.size() - 1)) {
      double samples = chunk.endSeconds() * 16_000;
      assertThat(samples).isCloseTo(Math.rint(samples), within(1e-6));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void randomRecordingsKeepEveryBound(long seed) {
    Random random = new Random(seed);
    int frames = 1 + random.nextInt(40_000);
    float[] decibels = new float[frames];
    int i = 0;
    while (i < frames) {
      boolean pause = random.nextInt(4) == 0;
      int length = pause ? 5 + random.nextInt(100) : 20 + random.nextInt(1500);
      float level = pause ? -90 + random.nextInt(50) : -40 + random.nextInt(35);
      Arrays.fill(decibels, i, Math.min(frames, i + length), level);
      i += length;
    }
    double duration = frames * 0.02 - random.nextInt(320) / 16_000.0;

    assertInvariants(SilenceChunker.plan(new FrameLevels(decibels, duration)), duration);
  }

  @Test
  void coachingDialogueIsCutInPauses() throws IOException {
    FrameLevels levels = FrameLevels.read(TestAudio.pcm("coaching.wav"));

    List<ChunkPlan> plan = SilenceChunker.plan(levels);

    assertInvariants(plan, levels.durationSeconds());
    assertThat(plan).hasSizeBetween(2, 4);
    assertCutsAreInPauses(levels, plan);
  }

  @Test
  void tenMinutesAreCutIntoChunksOfTensOfSecondsAtPauses() throws IOException {
    FrameLevels levels = FrameLevels.read(TestAudio.pcm("long-10min.mp3"));

    List<ChunkPlan> plan = SilenceChunker.plan(levels);

    assertThat(levels.durationSeconds()).isCloseTo(645.5, within(0.3));
    assertInvariants(plan, levels.durationSeconds());
    assertThat(plan).hasSizeBetween(15, 30);
    double average = levels.durationSeconds() / plan.size();
    assertThat(average).isBetween(25.0, 45.0);
    assertCutsAreInPauses(levels, plan);
  }

  @Test
  void digitalSilenceHasNoSpeech() {
    FrameLevels levels = new SyntheticPcm().silence(30).levels();

    assertThat(SilenceChunker.speechSeconds(levels)).isZero();
    assertThat(SilenceChunker.hasSpeech(levels)).isFalse();
  }

  @Test
  void faintHissHasNoSpeech() {
    FrameLevels levels = new SyntheticPcm().noise(30, 0.0005).levels();

    assertThat(SilenceChunker.hasSpeech(levels)).isFalse();
  }

  @Test
  void steadyHumHasNoSpeech() {
    FrameLevels levels = new SyntheticPcm().tone(30, 50, 0.3).levels();

    assertThat(SilenceChunker.hasSpeech(levels)).isFalse();
  }

  @Test
  void aClickInSilenceIsNotSpeech() {
    FrameLevels levels = new SyntheticPcm().silence(10).tone(0.3, 1000, 0.8).silence(10).levels();

    assertThat(SilenceChunker.speechSeconds(levels)).isCloseTo(0.3, within(0.05));
    assertThat(SilenceChunker.hasSpeech(levels)).isFalse();
  }

  @Test
  void soundStandingOutOfTheFloorIsSpeech() {
    FrameLevels levels =
        new SyntheticPcm()
            .noise(5, 0.001)
            .speechLike(4, 0.2)
            .noise(5, 0.001)
            .speechLike(4, 0.2)
            .levels();

    assertThat(SilenceChunker.speechSeconds(levels)).isCloseTo(8.0, within(0.5));
    assertThat(SilenceChunker.hasSpeech(levels)).isTrue();
  }

  @Test
  void emptyAudioHasNoSpeech() {
    assertThat(SilenceChunker.speechSeconds(new FrameLevels(new float[0], 0))).isZero();
  }

  @Test
  void sharedSilenceHasNoSpeechAndRealSpeechHas() throws IOException {
    assertThat(SilenceChunker.hasSpeech(FrameLevels.read(TestAudio.pcm("bad/silence-30s.wav"))))
        .isFalse();
    for (String name :
        List.of("coaching.wav", "coaching.mp3", "coaching.m4a", "librivox.wav", "long-10min.mp3")) {
      FrameLevels levels = FrameLevels.read(TestAudio.pcm(name));
      assertThat(SilenceChunker.speechSeconds(levels))
          .as(name)
          .isGreaterThan(levels.durationSeconds() * 0.5);
    }
  }

  @Test
  void noiseFloorIsTheTenthPercentile() {
    float[] decibels = new float[100];
    for (int i = 0; i < decibels.length; i++) {
      decibels[i] = -99 + i;
    }

    assertThat(SilenceChunker.noiseFloor(new FrameLevels(decibels, 2)))
        .isCloseTo(-90.0, within(0.5));
  }

  private static void assertInvariants(List<ChunkPlan> plan, double duration) {
    assertThat(plan).isNotEmpty();
    assertThat(plan.get(0).startSeconds()).isZero();
    assertThat(plan.get(plan.size() - 1).endSeconds()).isEqualTo(duration);
    for (int i = 0; i < plan.size(); i++) {
      ChunkPlan chunk = plan.get(i);
      assertThat(chunk.index()).isEqualTo(i);
      assertThat(chunk.lengthSeconds())
          .isPositive()
          .isLessThanOrEqualTo(SilenceChunker.MAX_CHUNK_SECONDS);
      if (i > 0) {
        assertThat(chunk.startSeconds()).isEqualTo(plan.get(i - 1).endSeconds());
      }
      if (i < plan.size() - 1) {
        assertThat(chunk.lengthSeconds())
            .isBetween(SilenceChunker.MIN_CUT_SECONDS, SilenceChunker.MAX_CUT_SECONDS);
      } else if (plan.size() > 1) {
        assertThat(chunk.lengthSeconds())
            .isGreaterThanOrEqualTo(SilenceChunker.MIN_TAIL_SECONDS - 1e-9);
      }
    }
  }

  /** Every cut lies in a stretch well below the recording's typical loudness. */
  private static void assertCutsAreInPauses(FrameLevels levels, List<ChunkPlan> plan) {
    float[] sorted = new float[levels.count()];
    for (int i = 0; i < sorted.length; i++) {
      sorted[i] = levels.decibels(i);
    }
    Arrays.sort(sorted);
    float median = sorted[sorted.length / 2];
    for (ChunkPlan chunk : plan.subList(0, plan.size() - 1)) {
      int frame = (int) Math.round(chunk.endSeconds() / 0.02);
      float loudest = Float.NEGATIVE_INFINITY;
      for (int f = frame - 2; f <= frame + 2; f++) {
        loudest = Math.max(loudest, levels.decibels(f));
      }
      assertThat(loudest)
          .as("level around the cut at %s s", chunk.endSeconds())
          .isLessThan(median - 15);
    }
  }
}
