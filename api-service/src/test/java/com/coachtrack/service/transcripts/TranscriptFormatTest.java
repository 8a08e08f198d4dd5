package com.coachtrack.service.transcripts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class TranscriptFormatTest {

  @Test
  void namesAreCaseInsensitiveAndTrimmed() {
    assertThat(TranscriptFormat.parse("txt")).contains(TranscriptFormat.TXT);
    assertThat(TranscriptFormat.parse("SRT")).contains(TranscriptFormat.SRT);
    assertThat(TranscriptFormat.parse("Vtt")).contains(TranscriptFormat.VTT);
    assertThat(TranscriptFormat.parse(" json ")).contains(TranscriptFormat.JSON);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"  ", "\t"})
  void absentOrBlankMeansPlainText(String value) {
    assertThat(TranscriptFormat.parse(value)).contains(TranscriptFormat.TXT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"pdf", "srt2", "text", "webvtt", ".srt", "application/json"})
  void unknownValuesAreEmpty(String value) {
    assertThat(TranscriptFormat.parse(value)).isEmpty();
  }

  @Test
  void mediaTypesAndExtensions() {
    assertThat(TranscriptFormat.TXT.mediaType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(TranscriptFormat.SRT.mediaType()).isEqualTo("application/x-subrip");
    assertThat(TranscriptFormat.VTT.mediaType()).isEqualTo("text/vtt");
    assertThat(TranscriptFormat.JSON.mediaType()).isEqualTo("application/json");
    assertThat(TranscriptFormat.TXT.extension()).isEqualTo("txt");
    assertThat(TranscriptFormat.SRT.extension()).isEqualTo("srt");
    assertThat(TranscriptFormat.VTT.extension()).isEqualTo("vtt");
    assertThat(TranscriptFormat.JSON.extension()).isEqualTo("json");
  }
}
