package com.coachtrack.activities.transcribe;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.workflows.activities.Word;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResumePointTest {

  private static Word word(String text, double start, double end) {
    return new Word(text, start, end, 0.9);
  }

  @Test
  void nothingStoredStartsAtTheChunk() {
    ResumePoint resume = ResumePoint.after(List.of(), 30);

    assertThat(resume.kept()).isEmpty();
    assertThat(resume.from()).isEqualTo(30);
  }

  @Test
  void resumesInTheMiddleOfTheLastPauseAndHearsTheSentenceAfterItAgain() {
    List<Word> earlier =
        List.of(
            word("so", 30.2, 30.5),
            word("today", 30.6, 31.0),
            word("we", 32.0, 32.2),
            word("talk", 32.25, 32.6),
            word("about", 32.65, 33.0));

    ResumePoint resume = ResumePoint.after(earlier, 30);

    assertThat(resume.kept()).extracting(Word::text).containsExactly("so", "today");
    assertThat(resume.from()).isEqualTo(31.5);
  }

  @Test
  void withoutAPauseItGoesOnAfterTheLastWord() {
    List<Word> earlier = List.of(word("one", 30.0, 30.4), word("long", 30.45, 30.9));

    ResumePoint resume = ResumePoint.after(earlier, 30);

    assertThat(resume.kept()).isEqualTo(earlier);
    assertThat(resume.from()).isEqualTo(30.9);
  }

  @Test
  void aPauseTooFarBackIsNotWorthHearingEverythingAgain() {
    List<Word> earlier =
        List.of(word("early", 30.0, 30.4), word("late", 50.0, 50.3), word("on", 50.35, 50.6));

    ResumePoint resume = ResumePoint.after(earlier, 30);

    assertThat(resume.kept()).isEqualTo(earlier);
    assertThat(resume.from()).isEqualTo(50.6);
  }

  @Test
  void neverBeforeTheChunkStarts() {
    List<Word> earlier = List.of(word("a", 10.0, 10.1), word("b", 12.0, 12.4));

    assertThat(ResumePoint.after(earlier, 11.5).from()).isEqualTo(11.5);
  }
}
