package com.coachtrack.activities.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.coachtrack.activities.testing.SyntheticPcm;
import com.coachtrack.activities.testing.TestAudio;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FrameLevelsTest {

  @Test
  void oneLevelPer20MillisecondFrame() {
    FrameLevels levels = new SyntheticPcm().silence(1).tone(1, 440, 0.5).levels();

    assertThat(levels.count()).isEqualTo(100);
    assertThat(levels.durationSeconds()).isEqualTo(2.0);
    assertThat(levels.decibels(0)).isEqualTo(FrameLevels.SILENCE_DB);
    // A sine at half of full scale has an RMS of 0.5/sqrt(2): -9 dB.
    assertThat((double) levels.decibels(75)).isCloseTo(-9.03, within(0.1));
  }

  @Test
  void lastPartialFrameCountsWithTheSamplesItHas() throws IOException {
    byte[] pcm = Arrays.copyOf(new SyntheticPcm().tone(0.05, 440, 0.5).bytes(), 1601);

    FrameLevels levels = FrameLevels.read(new ByteArrayInputStream(pcm));

    assertThat(levels.count()).isEqualTo(3);
    assertThat(levels.durationSeconds()).isEqualTo(0.05);
    assertThat((double) levels.decibels(2)).isCloseTo(-9.03, within(0.5));
  }

  @Test
  void emptyStreamHasNoFrames() throws IOException {
    FrameLevels levels = FrameLevels.read(new ByteArrayInputStream(new byte[0]));

    assertThat(levels.count()).isZero();
    assertThat(levels.durationSeconds()).isZero();
  }

  @Test
  void levelsAreClampedToTheSilenceFloor() {
    assertThat(FrameLevels.toDecibels(0)).isEqualTo(FrameLevels.SILENCE_DB);
    assertThat(FrameLevels.toDecibels(1e-20)).isEqualTo(FrameLevels.SILENCE_DB);
    assertThat(FrameLevels.toDecibels(32768.0 * 32768.0)).isZero();
    assertThat(FrameLevels.toPower(FrameLevels.SILENCE_DB)).isZero();
    assertThat(FrameLevels.toPower(-10)).isCloseTo(0.1, within(1e-9));
  }

  @Test
  void readsAFileAndCopiesItsInput() throws IOException {
    FrameLevels levels = FrameLevels.read(TestAudio.pcm("librivox.wav"));
    assertThat(levels.durationSeconds()).isCloseTo(24.73, within(0.01));

    float[] source = {-20, -30};
    FrameLevels copy = new FrameLevels(source, 0.04);
    source[0] = 0;
    assertThat(copy.decibels(0)).isEqualTo(-20);
  }
}
