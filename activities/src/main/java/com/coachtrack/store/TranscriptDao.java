package com.coachtrack.store;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The assembled transcript: all words of a session with their times, as JSON. */
public interface TranscriptDao {

  @SqlUpdate(
      """
      INSERT INTO transcript (session_id, words, word_count, created_at)
      VALUES (:sessionId, CAST(:wordsJson AS jsonb), :wordCount, :now)
      ON CONFLICT (session_id) DO UPDATE SET words = EXCLUDED.words, word_count = EXCLUDED.word_count,
          created_at = EXCLUDED.created_at
      """)
  void upsert(UUID sessionId, String wordsJson, int wordCount, Instant now);

  @SqlQuery("SELECT words::text FROM transcript WHERE session_id = :sessionId")
  Optional<String> wordsJson(UUID sessionId);
}
