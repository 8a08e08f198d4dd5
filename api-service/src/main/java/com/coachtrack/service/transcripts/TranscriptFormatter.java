package com.coachtrack.service.transcripts;

import com.coachtrack.store.PartialTranscript;
import com.coachtrack.store.TimeRange;
import com.coachtrack.workflows.activities.Word;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * Renders a transcript's words as a downloadable document. Pure: the same words always give the
 * same text, so resources can stream or cache the result without touching storage here.
 *
 * <p>Words are expected in recording order, as the engines report them. All times are rounded to
 * whole milliseconds before any comparison, so that pause thresholds are exact (2.3 - 1.3 is
 * 0.9999999999999998 in doubles) and every format shows the same instants.
 */
public final class TranscriptFormatter {

  /** Shorter silences are breathing within a sentence; longer ones usually start a new thought. */
  private static final long CUE_PAUSE_MS = 1_000;

  /** Subtitle guidance: a cue on screen much longer than this is hard to follow. */
  private static final long MAX_CUE_MS = 7_000;

  /** About two subtitle lines; more does not fit on screen or cannot be read in time. */
  private static final int MAX_CUE_WORDS = 16;

  /** A silence long enough to read as a change of turn or topic in a coaching conversation. */
  private static final long PARAGRAPH_PAUSE_MS = 2_000;

  private static final String NO_SPEECH = "(no speech recognised)";
  private static final String UNTITLED = "Untitled session";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TranscriptFormatter() {}

  /**
   * @param sessionId and {@code durationSeconds} appear only in JSON; {@code title} heads TXT and
   *     is a JSON field (a blank title reads "Untitled session" in TXT)
   * @param words in recording order; blank words are dropped and whitespace inside a word is
   *     collapsed to one space
   * @return the whole document, lines ending in {@code \n}
   */
  public static String format(
      TranscriptFormat format,
      String sessionId,
      String title,
      double durationSeconds,
      List<Word> words) {
    List<Word> clean = clean(words);
    return switch (format) {
      case TXT -> txt(title, clean, List.of());
      case SRT -> srt(clean, List.of());
      case VTT -> vtt(clean, List.of());
      case JSON -> write(json(sessionId, title, durationSeconds, clean));
    };
  }

  /**
   * A transcript while it is being made: the finished chunks' words, with a marker where a stretch
   * is still being transcribed, e.g. {@code [… 12:30–13:05 still being transcribed …]} (in SRT and
   * VTT a cue spanning the stretch). JSON adds {@code "partial": true}, {@code duration_total}, and
   * the {@code covered} and {@code missing} stretches as {@code [{"start", "end"}]}.
   */
  public static String formatPartial(
      TranscriptFormat format,
      String sessionId,
      String title,
      double durationTotal,
      PartialTranscript partial) {
    List<Word> clean = clean(partial.words());
    List<TimeRange> missing = partial.missing();
    return switch (format) {
      case TXT -> txt(title, clean, missing);
      case SRT -> srt(clean, missing);
      case VTT -> vtt(clean, missing);
      case JSON -> partialJson(sessionId, title, durationTotal, clean, partial);
    };
  }

  /** The marker for a stretch still being transcribed. */
  static String gapMarker(TimeRange gap) {
    return "[… "
        + shortClock((long) Math.floor(gap.start()))
        + "–"
        + shortClock((long) Math.ceil(gap.end()))
        + " still being transcribed …]";
  }

  private static String txt(String title, List<Word> words, List<TimeRange> missing) {
    String header = title == null || title.isBlank() ? UNTITLED : oneLine(title);
    if (words.isEmpty() && missing.isEmpty()) {
      return header + "\n\n" + NO_SPEECH + "\n";
    }
    List<Block> blocks = new ArrayList<>();
    for (List<Word> paragraph :
        split(words, (para, next) -> pause(para, next) >= PARAGRAPH_PAUSE_MS)) {
      blocks.add(
          new Block(
              startMs(paragraph),
              "[" + clockSeconds(startMs(paragraph)) + "] " + text(paragraph),
              0));
    }
    addGaps(blocks, missing);
    return header
        + "\n\n"
        + blocks.stream().map(b -> b.text() + "\n").collect(Collectors.joining("\n"));
  }

  private static String srt(List<Word> words, List<TimeRange> missing) {
    List<Block> blocks = cueBlocks(words, missing, ',', false);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < blocks.size(); i++) {
      if (i > 0) {
        out.append('\n');
      }
      out.append(i + 1).append('\n').append(blocks.get(i).text()).append('\n');
    }
    return out.toString();
  }

  private static String vtt(List<Word> words, List<TimeRange> missing) {
    StringBuilder out = new StringBuilder("WEBVTT\n");
    for (Block block : cueBlocks(words, missing, '.', true)) {
      out.append('\n').append(block.text()).append('\n');
    }
    return out.toString();
  }

  /** Subtitle cues ("start --> end\ntext") and the gaps' cues, in time order. */
  private static List<Block> cueBlocks(
      List<Word> words, List<TimeRange> missing, char separator, boolean escape) {
    List<Block> blocks = new ArrayList<>();
    for (List<Word> cue : cues(words)) {
      String text = escape ? vttEscape(text(cue)) : text(cue);
      blocks.add(
          new Block(
              startMs(cue),
              clock(startMs(cue), separator) + " --> " + clock(endMs(cue), separator) + "\n" + text,
              0));
    }
    for (TimeRange gap : missing) {
      long start = ms(gap.start());
      long end = Math.max(start, ms(gap.end()));
      blocks.add(
          new Block(
              start,
              clock(start, separator) + " --> " + clock(end, separator) + "\n" + gapMarker(gap),
              1));
    }
    blocks.sort(Comparator.comparingLong(Block::startMs).thenComparingInt(Block::order));
    return blocks;
  }

  /** Puts each gap's marker among the paragraphs, before the first that starts after it. */
  private static void addGaps(List<Block> blocks, List<TimeRange> missing) {
    for (TimeRange gap : missing) {
      blocks.add(new Block(ms(gap.start()), gapMarker(gap), 1));
    }
    blocks.sort(Comparator.comparingLong(Block::startMs).thenComparingInt(Block::order));
  }

  private static String partialJson(
      String sessionId,
      String title,
      double durationTotal,
      List<Word> words,
      PartialTranscript partial) {
    ObjectNode root = json(sessionId, title, durationTotal, words);
    root.put("partial", true);
    root.put("duration_total", seconds(ms(durationTotal)));
    root.put("chunks_done", partial.chunksDone());
    root.put("chunks_total", partial.chunksTotal());
    ranges(root.putArray("covered"), partial.covered());
    ranges(root.putArray("missing"), partial.missing());
    return write(root);
  }

  private static String write(ObjectNode root) {
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      // A tree of strings and numbers always serialises; this would be a Jackson defect.
      throw new IllegalStateException("Transcript cannot be serialised", e);
    }
  }

  private static void ranges(ArrayNode array, List<TimeRange> ranges) {
    for (TimeRange range : ranges) {
      array
          .addObject()
          .put("start", seconds(ms(range.start())))
          .put("end", seconds(ms(range.end())));
    }
  }

  private static ObjectNode json(
      String sessionId, String title, double durationSeconds, List<Word> words) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("session_id", sessionId);
    root.put("title", title);
    root.put("duration_seconds", seconds(ms(durationSeconds)));
    root.put("word_count", words.size());
    root.put("text", text(words));
    ArrayNode segments = root.putArray("segments");
    for (List<Word> cue : cues(words)) {
      segments
          .addObject()
          .put("start", seconds(startMs(cue)))
          .put("end", seconds(endMs(cue)))
          .put("text", text(cue));
    }
    ArrayNode wordArray = root.putArray("words");
    for (Word word : words) {
      wordArray
          .addObject()
          .put("text", word.text())
          .put("start", seconds(ms(word.start())))
          .put("end", seconds(ms(word.end())))
          .put("confidence", word.confidence());
    }
    return root;
  }

  /** Subtitle cues, also used as JSON segments so every format agrees on the segmentation. */
  private static List<List<Word>> cues(List<Word> words) {
    return split(
        words,
        (cue, next) ->
            cue.size() >= MAX_CUE_WORDS
                || pause(cue, next) >= CUE_PAUSE_MS
                || ms(next.end()) - startMs(cue) > MAX_CUE_MS);
  }

  /** Consecutive runs of words, a new run starting whenever {@code breakBefore} says so. */
  private static List<List<Word>> split(
      List<Word> words, BiPredicate<List<Word>, Word> breakBefore) {
    List<List<Word>> groups = new ArrayList<>();
    List<Word> current = new ArrayList<>();
    for (Word word : words) {
      if (!current.isEmpty() && breakBefore.test(current, word)) {
        groups.add(current);
        current = new ArrayList<>();
      }
      current.add(word);
    }
    if (!current.isEmpty()) {
      groups.add(current);
    }
    return groups;
  }

  /**
   * One-line word texts, blank ones dropped: a line break inside a word would end an SRT or VTT cue
   * early, and an empty word would leave a double space in the text.
   */
  private static List<Word> clean(List<Word> words) {
    List<Word> clean = new ArrayList<>(words.size());
    for (Word word : words) {
      if (word.text() != null && !word.text().isBlank()) {
        clean.add(new Word(oneLine(word.text()), word.start(), word.end(), word.confidence()));
      }
    }
    return clean;
  }

  private static String oneLine(String s) {
    return s.strip().replaceAll("\\s+", " ");
  }

  private static String text(List<Word> words) {
    return words.stream().map(Word::text).collect(Collectors.joining(" "));
  }

  /** Silence between the end of a group and the next word; negative when engines overlap. */
  private static long pause(List<Word> group, Word next) {
    return ms(next.start()) - endMs(group);
  }

  private static long startMs(List<Word> group) {
    return ms(group.get(0).start());
  }

  /**
   * The latest end in the group rather than the last word's, and never before the start: subtitle
   * players reject or drop cues that end before they begin.
   */
  private static long endMs(List<Word> group) {
    long end = startMs(group);
    for (Word word : group) {
      end = Math.max(end, ms(word.end()));
    }
    return end;
  }

  /** Whole milliseconds, clamped at zero because subtitle timestamps cannot be negative. */
  private static long ms(double seconds) {
    return Math.max(0, Math.round(seconds * 1000));
  }

  private static double seconds(long ms) {
    return ms / 1000.0;
  }

  /**
   * {@code HH:MM:SS,mmm} (SRT) or {@code HH:MM:SS.mmm} (VTT). Past 99 hours the hours grow a digit
   * rather than wrap: a wrong-but-parsable time would silently misplace cues.
   */
  private static String clock(long ms, char separator) {
    return String.format(
        Locale.ROOT,
        "%02d:%02d:%02d%c%03d",
        ms / 3_600_000,
        ms / 60_000 % 60,
        ms / 1000 % 60,
        separator,
        ms % 1000);
  }

  /**
   * {@code HH:MM:SS}, truncated rather than rounded so that seeking a player to a paragraph's
   * timestamp never skips its first word.
   */
  private static String clockSeconds(long ms) {
    return String.format(
        Locale.ROOT, "%02d:%02d:%02d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
  }

  /** {@code M:SS}, or {@code H:MM:SS} from an hour on: how a coach reads a place in a recording. */
  static String shortClock(long seconds) {
    return seconds >= 3600
        ? String.format(
            Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }

  /**
   * A paragraph, cue or gap marker as rendered, placed by its start ({@code order}: gaps after).
   */
  private record Block(long startMs, String text, int order) {}

  /** WebVTT cue text is markup: a bare {@code <} or {@code &} would parse as a tag or entity. */
  private static String vttEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
