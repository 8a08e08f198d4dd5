package com.coachtrack.activities.engine;

import com.coachtrack.workflows.activities.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Words from a stretch of text known only by its start and end (a speech server's or whisper's
 * segment): each word gets an equal share of the time, in order. Coarser than real word times, but
 * a cue never starts before its words were said nor ends long after.
 */
final class SegmentWords {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  /**
   * Whisper's bookkeeping that can leak into text: timestamp and control tokens ({@code [_BEG_]},
   * {@code <|endoftext|>}) and non-speech markers ({@code [BLANK_AUDIO]}, {@code [MUSIC]}).
   */
  private static final Pattern NOT_SPEECH =
      Pattern.compile("\\[_[^\\]]*\\]|<\\|[^|]*\\|>|\\[[A-Z_ ]+\\]");

  private SegmentWords() {}

  /**
   * @param start seconds from the start of the recording
   * @param end seconds from the start of the recording; taken as {@code start} when earlier
   */
  static List<Word> spread(String text, double start, double end, double confidence) {
    List<String> tokens = tokens(text);
    List<Word> words = new ArrayList<>(tokens.size());
    if (tokens.isEmpty()) {
      return words;
    }
    double span = Math.max(0, end - start) / tokens.size();
    for (int i = 0; i < tokens.size(); i++) {
      words.add(new Word(tokens.get(i), start + i * span, start + (i + 1) * span, confidence));
    }
    return words;
  }

  /** The spoken words of a text, without whisper's special tokens. */
  static List<String> tokens(String text) {
    if (text == null) {
      return List.of();
    }
    String speech = NOT_SPEECH.matcher(text).replaceAll(" ").strip();
    if (speech.isEmpty()) {
      return List.of();
    }
    return List.of(WHITESPACE.split(speech));
  }
}
