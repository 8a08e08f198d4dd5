package com.coachtrack.service.transcripts;

import static org.assertj.core.api.Assertions.assertThat;

import com.coachtrack.store.PartialTranscript;
import com.coachtrack.store.TimeRange;
import com.coachtrack.workflows.activities.Word;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TranscriptFormatterTest {

  private static final String SRT_TIME = "(\\d{2,}):([0-5]\\d):([0-5]\\d),(\\d{3})";
  private static final String VTT_TIME = "(\\d{2,}):([0-5]\\d):([0-5]\\d)\\.(\\d{3})";
  private static final String SRT_CUE =
      "(\\d+)\\n" + SRT_TIME + " --> " + SRT_TIME + "\\n([^\\n]+)\\n";
  private static final String VTT_CUE = VTT_TIME + " --> " + VTT_TIME + "\\n([^\\n]+)\\n";

  private static Word w(String text, double start, double end) {
    return new Word(text, start, end, 0.9);
  }

  /** Contiguous words of {@code length} seconds separated by {@code gap}, named w1, w2, ... */
  private static List<Word> run(int count, double from, double length, double gap) {
    List<Word> words = new ArrayList<>();
    double t = from;
    for (int i = 1; i <= count; i++) {
      words.add(w("w" + i, t, t + length));
      t += length + gap;
    }
    return words;
  }

  private static String srt(List<Word> words) {
    return TranscriptFormatter.format(TranscriptFormat.SRT, "s-1", "Title", 60, words);
  }

  private static String vtt(List<Word> words) {
    return TranscriptFormatter.format(TranscriptFormat.VTT, "s-1", "Title", 60, words);
  }

  private static String txt(String title, List<Word> words) {
    return TranscriptFormatter.format(TranscriptFormat.TXT, "s-1", title, 60, words);
  }

  private static JsonNode json(String title, double duration, List<Word> words) throws Exception {
    return new ObjectMapper()
        .readTree(TranscriptFormatter.format(TranscriptFormat.JSON, "s-1", title, duration, words));
  }

  /** The cue texts of an SRT document, after checking the document's structure. */
  private static List<String> srtCueTexts(List<Word> words) {
    String doc = srt(words);
    assertValidSrt(doc);
    Matcher m = Pattern.compile(SRT_CUE).matcher(doc);
    List<String> texts = new ArrayList<>();
    while (m.find()) {
      texts.add(m.group(10));
    }
    return texts;
  }

  private static long millis(Matcher m, int firstGroup) {
    return Long.parseLong(m.group(firstGroup)) * 3_600_000
        + Long.parseLong(m.group(firstGroup + 1)) * 60_000
        + Long.parseLong(m.group(firstGroup + 2)) * 1000
        + Long.parseLong(m.group(firstGroup + 3));
  }

  /** Whole document: blank-line separated cues numbered from 1, none ending before it starts. */
  private static void assertValidSrt(String doc) {
    assertThat(doc).matches("(?:" + SRT_CUE + "(?:\\n" + SRT_CUE + ")*)?");
    Matcher m = Pattern.compile(SRT_CUE).matcher(doc);
    int expected = 1;
    long previousStart = 0;
    while (m.find()) {
      assertThat(Integer.parseInt(m.group(1))).isEqualTo(expected++);
      long start = millis(m, 2);
      long end = millis(m, 6);
      assertThat(end).isGreaterThanOrEqualTo(start);
      assertThat(start).isGreaterThanOrEqualTo(previousStart);
      assertThat(m.group(10)).doesNotStartWith(" ").doesNotEndWith(" ").doesNotContain("  ");
      previousStart = start;
    }
  }

  private static void assertValidVtt(String doc) {
    assertThat(doc).matches("WEBVTT\\n(?:\\n" + VTT_CUE + ")*");
    Matcher m = Pattern.compile(VTT_CUE).matcher(doc);
    while (m.find()) {
      assertThat(millis(m, 5)).isGreaterThanOrEqualTo(millis(m, 1));
      assertThat(m.group(9)).doesNotContain("-->");
    }
  }

  /** A varied session: short and long pauses, runs long enough to hit both cue limits. */
  private static List<Word> session() {
    List<Word> words = new ArrayList<>(run(20, 0.4, 0.3, 0.05));
    words.addAll(run(5, 12.0, 0.5, 1.2));
    words.addAll(run(30, 30.0, 0.9, 0.1));
    words.addAll(run(3, 3601.0, 0.25, 0.0));
    return words;
  }

  @Nested
  class Txt {

    @Test
    void paragraphsAtLongPausesWithTimestamps() {
      List<Word> words =
          List.of(
              w("so", 0.5, 0.7),
              w("how", 0.8, 1.0),
              w("was", 1.1, 1.3),
              w("your", 2.5, 2.7),
              w("week", 2.8, 3.2),
              w("good", 5.2, 5.5),
              w("thanks", 5.6, 6.0));
      assertThat(txt("Weekly check-in", words))
          .isEqualTo(
              "Weekly check-in\n\n"
                  + "[00:00:00] so how was your week\n\n"
                  + "[00:00:05] good thanks\n");
    }

    @Test
    void pauseOfExactlyTwoSecondsBreaksDespiteFloatingPoint() {
      // 3.3 - 1.3 is 1.9999999999999998 in doubles.
      assertThat(txt("T", List.of(w("a", 1.0, 1.3), w("b", 3.3, 3.5))))
          .isEqualTo("T\n\n[00:00:01] a\n\n[00:00:03] b\n");
      assertThat(txt("T", List.of(w("a", 1.0, 1.3), w("b", 3.299, 3.5))))
          .isEqualTo("T\n\n[00:00:01] a b\n");
    }

    @Test
    void timestampsAreTruncatedToTheSecond() {
      assertThat(txt("T", List.of(w("late", 83.9, 84.2), w("later", 3723.999, 3724.5))))
          .isEqualTo("T\n\n[00:01:23] late\n\n[01:02:03] later\n");
    }

    @Test
    void emptyTranscriptSaysSo() {
      assertThat(txt("Weekly check-in", List.of()))
          .isEqualTo("Weekly check-in\n\n(no speech recognised)\n");
    }

    @Test
    void missingTitleGetsAPlaceholderAndTitlesStayOnOneLine() {
      assertThat(txt(null, List.of())).startsWith("Untitled session\n\n");
      assertThat(txt("  ", List.of())).startsWith("Untitled session\n\n");
      assertThat(txt(" Goals\nreview ", List.of())).startsWith("Goals review\n\n");
    }
  }

  @Nested
  class Srt {

    @Test
    void exactDocument() {
      List<Word> words =
          List.of(
              w("hello", 0.0, 0.4),
              w("there", 0.5, 0.9),
              w("how", 2.0, 2.25),
              w("are", 2.3, 2.45),
              w("you", 2.5, 2.8));
      assertThat(srt(words))
          .isEqualTo(
              "1\n00:00:00,000 --> 00:00:00,900\nhello there\n\n"
                  + "2\n00:00:02,000 --> 00:00:02,800\nhow are you\n");
    }

    @Test
    void emptyTranscriptIsAnEmptyDocument() {
      assertThat(srt(List.of())).isEmpty();
    }

    @Test
    void timestampFormatting() {
      assertThat(srt(List.of(w("a", 0, 59.999)))).contains("00:00:00,000 --> 00:00:59,999");
      // Rounding to the millisecond carries into seconds, minutes and hours.
      assertThat(srt(List.of(w("a", 59.9996, 3599.9996))))
          .contains("00:01:00,000 --> 01:00:00,000");
      assertThat(srt(List.of(w("a", 3723.4567, 3724.0)))).contains("01:02:03,457 --> 01:02:04,000");
      assertThat(srt(List.of(w("a", 360_000, 360_001.5))))
          .contains("100:00:00,000 --> 100:00:01,500");
    }

    @Test
    void negativeTimesClampToZeroAndEndsNeverPrecedeStarts() {
      assertThat(srt(List.of(w("a", -0.2, 0.1)))).contains("00:00:00,000 --> 00:00:00,100");
      assertThat(srt(List.of(w("a", 5.0, 4.0)))).contains("00:00:05,000 --> 00:00:05,000");
      // An overlapping later word must not shorten the cue.
      assertThat(srt(List.of(w("a", 1.0, 3.0), w("b", 1.5, 2.0))))
          .contains("00:00:01,000 --> 00:00:03,000\na b\n");
    }

    @Test
    void cuesBreakAtPausesOfOneSecond() {
      // 2.3 - 1.3 is 0.9999999999999998 in doubles: still a one-second pause.
      assertThat(srtCueTexts(List.of(w("a", 1.0, 1.3), w("b", 2.3, 2.5))))
          .containsExactly("a", "b");
      assertThat(srtCueTexts(List.of(w("a", 1.0, 1.3), w("b", 2.299, 2.5)))).containsExactly("a b");
    }

    @Test
    void cuesHoldAtMostSixteenWords() {
      List<String> cues = srtCueTexts(run(33, 0, 0.1, 0.05));
      assertThat(cues).hasSize(3);
      assertThat(cues.get(0).split(" ")).hasSize(16).startsWith("w1").endsWith("w16");
      assertThat(cues.get(1).split(" ")).hasSize(16).startsWith("w17");
      assertThat(cues.get(2)).isEqualTo("w33");
    }

    @Test
    void cuesLastAtMostSevenSeconds() {
      // One-second words with short gaps: w7 ends at 6.9 s, w8 would stretch the cue to 7.9 s.
      List<String> cues = srtCueTexts(run(10, 0, 0.9, 0.1));
      assertThat(cues).containsExactly("w1 w2 w3 w4 w5 w6 w7", "w8 w9 w10");
      // Exactly seven seconds still fits.
      assertThat(srtCueTexts(List.of(w("a", 0, 3.5), w("b", 3.6, 7.0)))).containsExactly("a b");
      assertThat(srtCueTexts(List.of(w("a", 0, 3.5), w("b", 3.6, 7.001))))
          .containsExactly("a", "b");
    }

    @Test
    void aSingleLongWordIsStillOneCue() {
      assertThat(srt(List.of(w("mmmmm", 1.0, 12.0))))
          .isEqualTo("1\n00:00:01,000 --> 00:00:12,000\nmmmmm\n");
    }

    @Test
    void wordTextsAreCleanedToOneLine() {
      List<Word> words =
          List.of(
              w("  hello\nthere ", 0, 0.5),
              w("   ", 0.6, 0.7),
              new Word(null, 0.8, 0.9, 0.5),
              w("\tfriend", 1.0, 1.2));
      assertThat(srt(words)).isEqualTo("1\n00:00:00,000 --> 00:00:01,200\nhello there friend\n");
    }

    @Test
    void wholeSessionIsAValidDocument() {
      List<String> cues = srtCueTexts(session());
      assertThat(String.join(" ", cues).split(" ")).hasSize(session().size());
      assertThat(cues).allSatisfy(cue -> assertThat(cue.split(" ").length).isLessThanOrEqualTo(16));
    }
  }

  @Nested
  class Vtt {

    @Test
    void exactDocument() {
      List<Word> words =
          List.of(w("hello", 0.0, 0.4), w("there", 0.5, 0.9), w("bye", 3661.001, 3661.5));
      assertThat(vtt(words))
          .isEqualTo(
              "WEBVTT\n\n"
                  + "00:00:00.000 --> 00:00:00.900\nhello there\n\n"
                  + "01:01:01.001 --> 01:01:01.500\nbye\n");
    }

    @Test
    void emptyTranscriptIsTheHeaderOnly() {
      assertThat(vtt(List.of())).isEqualTo("WEBVTT\n");
      assertValidVtt(vtt(List.of()));
    }

    @Test
    void markupCharactersAreEscaped() {
      assertThat(vtt(List.of(w("<b>", 0, 0.2), w("&", 0.3, 0.4), w("-->", 0.5, 0.6))))
          .endsWith("\n&lt;b&gt; &amp; --&gt;\n");
    }

    @Test
    void wholeSessionIsAValidDocumentWithTheSameCuesAsSrt() {
      String vtt = vtt(session());
      assertValidVtt(vtt);
      String srt = srt(session());
      String srtAsVtt = "WEBVTT\n\n" + srt.replaceAll("(?m)^\\d+\\n", "").replace(',', '.');
      assertThat(vtt).isEqualTo(srtAsVtt);
    }
  }

  @Nested
  class Json {

    @Test
    void allFieldsWithTimesRoundedToMilliseconds() throws Exception {
      List<Word> words =
          List.of(
              new Word("hello", 0.12345, 0.4, 0.87654321),
              new Word("there", 0.5, 0.9996, 0.5),
              new Word("bye", 2.5, 2.75, 1.0));
      JsonNode doc = json("Weekly check-in", 1234.56789, words);

      assertThat(doc.fieldNames())
          .toIterable()
          .containsExactly(
              "session_id", "title", "duration_seconds", "word_count", "text", "segments", "words");
      assertThat(doc.get("session_id").asText()).isEqualTo("s-1");
      assertThat(doc.get("title").asText()).isEqualTo("Weekly check-in");
      assertThat(doc.get("duration_seconds").asDouble()).isEqualTo(1234.568);
      assertThat(doc.get("word_count").asInt()).isEqualTo(3);
      assertThat(doc.get("text").asText()).isEqualTo("hello there bye");

      JsonNode segments = doc.get("segments");
      assertThat(segments).hasSize(2);
      assertThat(segments.get(0).get("start").asDouble()).isEqualTo(0.123);
      assertThat(segments.get(0).get("end").asDouble()).isEqualTo(1.0);
      assertThat(segments.get(0).get("text").asText()).isEqualTo("hello there");
      assertThat(segments.get(1).get("start").asDouble()).isEqualTo(2.5);
      assertThat(segments.get(1).get("end").asDouble()).isEqualTo(2.75);
      assertThat(segments.get(1).get("text").asText()).isEqualTo("bye");

      JsonNode first = doc.get("words").get(0);
      assertThat(first.fieldNames())
          .toIterable()
          .containsExactly("text", "start", "end", "confidence");
      assertThat(first.get("text").asText()).isEqualTo("hello");
      assertThat(first.get("start").asDouble()).isEqualTo(0.123);
      assertThat(first.get("end").asDouble()).isEqualTo(0.4);
      assertThat(first.get("confidence").asDouble()).isEqualTo(0.87654321);
      assertThat(doc.get("words").get(1).get("end").asDouble()).isEqualTo(1.0);
    }

    @Test
    void roundedTimesAreWrittenWithoutFloatingPointNoise() {
      String doc =
          TranscriptFormatter.format(
              TranscriptFormat.JSON, "s-1", "T", 0.3, List.of(w("a", 0.1, 0.7)));
      assertThat(doc).contains("\"duration_seconds\":0.3").contains("\"start\":0.1,\"end\":0.7");
    }

    @Test
    void emptyTranscriptHasEmptyArrays() throws Exception {
      JsonNode doc = json(null, 0, List.of());
      assertThat(doc.get("title").isNull()).isTrue();
      assertThat(doc.get("duration_seconds").asDouble()).isZero();
      assertThat(doc.get("word_count").asInt()).isZero();
      assertThat(doc.get("text").asText()).isEmpty();
      assertThat(doc.get("segments").isArray()).isTrue();
      assertThat(doc.get("segments")).isEmpty();
      assertThat(doc.get("words").isArray()).isTrue();
      assertThat(doc.get("words")).isEmpty();
    }

    @Test
    void segmentsAreTheSubtitleCues() throws Exception {
      JsonNode doc = json("T", 3700, session());
      List<String> segmentTexts = new ArrayList<>();
      doc.get("segments").forEach(s -> segmentTexts.add(s.get("text").asText()));
      assertThat(segmentTexts).isEqualTo(srtCueTexts(session()));
      assertThat(doc.get("word_count").asInt()).isEqualTo(session().size());
      assertThat(doc.get("words")).hasSize(session().size());
      assertThat(doc.get("text").asText().split(" ")).hasSize(session().size());
    }

    @Test
    void textNeedingEscapesSurvivesTheRoundTrip() throws Exception {
      JsonNode doc = json("\"Quotes\" & \\ ünïcode", 1, List.of(w("say\"", 0, 0.5)));
      assertThat(doc.get("title").asText()).isEqualTo("\"Quotes\" & \\ ünïcode");
      assertThat(doc.get("words").get(0).get("text").asText()).isEqualTo("say\"");
    }
  }

  /**
   * A transcript while it grows: the first chunk (0-30 s) and the last (60-90 s) are done, the
   * middle one and an hour-long stretch at the end are still being transcribed.
   */
  @Nested
  class Partial {
    private final PartialTranscript partial =
        new PartialTranscript(
            List.of(w("hello", 1.0, 1.5), w("there", 1.6, 2.0), w("later", 61.0, 61.5)),
            List.of(new TimeRange(0, 30), new TimeRange(60, 90)),
            List.of(new TimeRange(30.2, 60), new TimeRange(90, 3690.5)),
            2,
            4);

    private String format(TranscriptFormat format) {
      return TranscriptFormatter.formatPartial(format, "s-1", "Title", 3690.5, partial);
    }

    @Test
    void markersNameTheStretchStillBeingTranscribedAsAPlayerShowsIt() {
      assertThat(TranscriptFormatter.gapMarker(new TimeRange(750, 785)))
          .isEqualTo("[… 12:30–13:05 still being transcribed …]");
      assertThat(TranscriptFormatter.gapMarker(new TimeRange(30.2, 59.1)))
          .as("the marker covers the whole stretch: start rounded down, end up")
          .isEqualTo("[… 0:30–1:00 still being transcribed …]");
      assertThat(TranscriptFormatter.gapMarker(new TimeRange(3540, 3725)))
          .isEqualTo("[… 59:00–1:02:05 still being transcribed …]");
    }

    @Test
    void textHasTheMarkersWhereTheGapsAre() {
      assertThat(format(TranscriptFormat.TXT))
          .isEqualTo(
              "Title\n\n"
                  + "[00:00:01] hello there\n\n"
                  + "[… 0:30–1:00 still being transcribed …]\n\n"
                  + "[00:01:01] later\n\n"
                  + "[… 1:30–1:01:31 still being transcribed …]\n");
    }

    @Test
    void nothingDoneYetIsOnlyTheMarker() {
      PartialTranscript none =
          new PartialTranscript(List.of(), List.of(), List.of(new TimeRange(0, 80.7)), 0, 0);
      assertThat(TranscriptFormatter.formatPartial(TranscriptFormat.TXT, "s-1", "T", 80.7, none))
          .isEqualTo("T\n\n[… 0:00–1:21 still being transcribed …]\n");
    }

    @Test
    void subtitlesHaveACueSpanningEachGap() {
      String srt = format(TranscriptFormat.SRT);
      assertValidSrt(srt);
      assertThat(srt)
          .isEqualTo(
              "1\n00:00:01,000 --> 00:00:02,000\nhello there\n\n"
                  + "2\n00:00:30,200 --> 00:01:00,000\n[… 0:30–1:00 still being transcribed …]\n\n"
                  + "3\n00:01:01,000 --> 00:01:01,500\nlater\n\n"
                  + "4\n00:01:30,000 --> 01:01:30,500\n"
                  + "[… 1:30–1:01:31 still being transcribed …]\n");
      String vtt = format(TranscriptFormat.VTT);
      assertValidVtt(vtt);
      assertThat(vtt)
          .contains("00:00:30.200 --> 00:01:00.000\n[… 0:30–1:00 still being transcribed …]\n");
    }

    @Test
    void jsonSaysWhatIsCoveredAndWhatIsMissing() throws Exception {
      JsonNode doc = new ObjectMapper().readTree(format(TranscriptFormat.JSON));
      assertThat(doc.get("partial").asBoolean()).isTrue();
      assertThat(doc.get("duration_total").asDouble()).isEqualTo(3690.5);
      assertThat(doc.get("chunks_done").asInt()).isEqualTo(2);
      assertThat(doc.get("chunks_total").asInt()).isEqualTo(4);
      assertThat(doc.get("covered").toString())
          .isEqualTo("[{\"start\":0.0,\"end\":30.0},{\"start\":60.0,\"end\":90.0}]");
      assertThat(doc.get("missing").toString())
          .isEqualTo("[{\"start\":30.2,\"end\":60.0},{\"start\":90.0,\"end\":3690.5}]");
      assertThat(doc.get("text").asText()).isEqualTo("hello there later");
      assertThat(doc.get("words")).hasSize(3);
    }

    @Test
    void afterTheLastChunkTheTextIsTheFinalOne() {
      PartialTranscript whole =
          new PartialTranscript(session(), List.of(new TimeRange(0, 3700)), List.of(), 5, 5);
      for (TranscriptFormat format :
          List.of(TranscriptFormat.TXT, TranscriptFormat.SRT, TranscriptFormat.VTT)) {
        assertThat(TranscriptFormatter.formatPartial(format, "s-1", "Title", 60, whole))
            .isEqualTo(TranscriptFormatter.format(format, "s-1", "Title", 60, session()));
      }
    }
  }
}
