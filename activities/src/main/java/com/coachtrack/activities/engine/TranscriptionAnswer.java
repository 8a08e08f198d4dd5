package com.coachtrack.activities.engine;

import com.coachtrack.workflows.activities.Word;
import com.coachtrack.workflows.status.ErrorCode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * An OpenAI-style {@code verbose_json} transcription as our words: {@code {text, duration,
 * segments: [{start, end, text, avg_logprob, words?}], words: [{word, start, end, probability?}]}},
 * times in seconds from the start of the uploaded audio. Servers differ in what they fill in:
 * OpenAI gives top-level words when asked, whisper.cpp's server puts them inside each segment, and
 * some give segments only (each is then spread over its words evenly, see {@link SegmentWords}) or
 * only the text (spread over the whole piece).
 *
 * <p>Times are moved by where the piece starts in the recording and kept inside the piece and in
 * order, so a server's rounding can never put a word into the neighbouring chunk or a cue before
 * the previous one.
 */
final class TranscriptionAnswer {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TranscriptionAnswer() {}

  /**
   * @param body the server's answer
   * @param pieceSeconds how long the uploaded audio was
   * @param offsetSeconds where the uploaded audio starts in the recording
   * @throws EngineException {@code engine_error} (retryable) when the answer is not a transcription
   */
  static List<Word> words(String body, double pieceSeconds, double offsetSeconds)
      throws EngineException {
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw malformed("it is not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw malformed("it is not a JSON object");
    }
    List<Word> local = new ArrayList<>();
    JsonNode segments = root.path("segments");
    if (root.path("words").isArray() && !root.path("words").isEmpty()) {
      for (JsonNode word : root.get("words")) {
        local.add(word(word, confidenceAt(segments, word)));
      }
    } else if (segments.isArray() && !segments.isEmpty()) {
      for (JsonNode segment : segments) {
        local.addAll(segmentWords(segment));
      }
    } else if (root.path("text").isTextual()) {
      double end =
          root.path("duration").isNumber() ? root.get("duration").asDouble() : pieceSeconds;
      local.addAll(SegmentWords.spread(root.get("text").asText(), 0, end, 1.0));
    } else {
      throw malformed("it has neither words, segments nor text");
    }
    return placed(local, pieceSeconds, offsetSeconds);
  }

  /** A segment's own words (whisper.cpp's server), else its text spread over its time. */
  private static List<Word> segmentWords(JsonNode segment) throws EngineException {
    double confidence = confidence(segment);
    if (segment.path("words").isArray() && !segment.path("words").isEmpty()) {
      List<Word> words = new ArrayList<>();
      for (JsonNode word : segment.get("words")) {
        words.add(word(word, confidence));
      }
      return words;
    }
    return SegmentWords.spread(
        text(segment, "text"), seconds(segment, "start"), seconds(segment, "end"), confidence);
  }

  private static Word word(JsonNode word, double fallbackConfidence) throws EngineException {
    String text = text(word, "word").strip();
    JsonNode probability = word.path("probability");
    double confidence =
        probability.isNumber() ? clamp(probability.asDouble(), 0, 1) : fallbackConfidence;
    return new Word(text, seconds(word, "start"), seconds(word, "end"), confidence);
  }

  /**
   * OpenAI gives word times but no word confidence; the segment holding the word has its average
   * log-probability, which says how sure the model was of that stretch.
   */
  private static double confidenceAt(JsonNode segments, JsonNode word) {
    if (!segments.isArray() || !word.path("start").isNumber() || !word.path("end").isNumber()) {
      return 1.0;
    }
    double middle = (word.get("start").asDouble() + word.get("end").asDouble()) / 2;
    for (JsonNode segment : segments) {
      if (segment.path("start").asDouble(Double.NaN) <= middle
          && middle <= segment.path("end").asDouble(Double.NaN)) {
        return confidence(segment);
      }
    }
    return 1.0;
  }

  /** {@code exp(avg_logprob)} where the server gives it; 1 when it says nothing. */
  private static double confidence(JsonNode segment) {
    JsonNode logprob = segment.path("avg_logprob");
    return logprob.isNumber() ? clamp(Math.exp(logprob.asDouble()), 0, 1) : 1.0;
  }

  /**
   * Recording times, inside the piece, in order: a start never before the previous word's start, an
   * end never before its own start. Blank words and whisper's special tokens are dropped.
   */
  private static List<Word> placed(List<Word> local, double pieceSeconds, double offsetSeconds) {
    List<Word> words = new ArrayList<>(local.size());
    double previousStart = 0;
    for (Word word : local) {
      List<String> tokens = SegmentWords.tokens(word.text());
      if (tokens.isEmpty()) {
        continue;
      }
      double start = clamp(word.start(), previousStart, pieceSeconds);
      double end = clamp(word.end(), start, pieceSeconds);
      previousStart = start;
      words.add(
          new Word(
              String.join(" ", tokens),
              offsetSeconds + start,
              offsetSeconds + end,
              word.confidence()));
    }
    return words;
  }

  private static String text(JsonNode node, String field) throws EngineException {
    JsonNode value = node.path(field);
    if (!value.isTextual()) {
      throw malformed("'" + field + "' is missing or not text in " + node);
    }
    return value.asText();
  }

  private static double seconds(JsonNode node, String field) throws EngineException {
    JsonNode value = node.path(field);
    if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
      throw malformed("'" + field + "' is missing or not a number in " + node);
    }
    return value.asDouble();
  }

  private static double clamp(double value, double low, double high) {
    return Math.max(low, Math.min(high, value));
  }

  private static EngineException malformed(String why) {
    return EngineException.retryable(
        "The speech server's answer is not a transcription: " + why,
        ErrorCode.ENGINE_ERROR,
        null,
        null);
  }
}
