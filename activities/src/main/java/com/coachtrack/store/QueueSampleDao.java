package com.coachtrack.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Queue depth over time: one sample a minute (see the changeSet 2026-12-create-queue-sample). */
@RegisterConstructorMapper(QueueBucketRow.class)
public interface QueueSampleDao {

  /**
   * Counts what is waiting now, as of {@code at}. Another API process that sampled the same instant
   * (the caller truncates it to the sampling interval) already wrote the row: this one is dropped.
   *
   * @return 1 when this call wrote the sample, else 0
   */
  @SqlUpdate(
      """
      INSERT INTO queue_sample (sampled_at, pending, processing, audio_seconds_waiting)
      SELECT :at, count(*) FILTER (WHERE status = 'pending'), count(*) FILTER (WHERE status = 'processing'),
             COALESCE(SUM(GREATEST(duration_total - duration_processed, 0)), 0)
        FROM transcription_session
       WHERE status IN ('pending', 'processing')
      ON CONFLICT (sampled_at) DO NOTHING
      """)
  int sample(Instant at);

  /**
   * The samples with {@code from ≤ sampled_at < to}, by UTC hour or day.
   *
   * @param unit {@code hour} or {@code day}
   */
  @SqlQuery(
      """
      SELECT date_trunc(:unit, sampled_at, 'UTC') AS bucket, count(*) AS samples, max(pending) AS max_pending,
             avg(pending) AS mean_pending, max(processing) AS max_processing,
             max(audio_seconds_waiting) AS max_audio_seconds_waiting
        FROM queue_sample
       WHERE sampled_at >= :from AND sampled_at < :to
       GROUP BY 1
       ORDER BY 1
      """)
  List<QueueBucketRow> buckets(String unit, Instant from, Instant to);

  @SqlUpdate("DELETE FROM queue_sample WHERE sampled_at < :cutoff")
  int pruneBefore(Instant cutoff);
}
