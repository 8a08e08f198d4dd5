package com.coachtrack.store;

import com.coachtrack.workflows.activities.Word;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/** Words as stored in jsonb columns. */
public final class WordsJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<List<Word>> WORD_LIST = new TypeReference<>() {};

  private WordsJson() {}

  public static String write(List<Word> words) {
    try {
      return MAPPER.writeValueAsString(words);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Words cannot be serialised", e);
    }
  }

  public static List<Word> read(String json) {
    try {
      return MAPPER.readValue(json, WORD_LIST);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Stored words are not valid JSON", e);
    }
  }
}
