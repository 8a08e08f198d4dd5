package com.coachtrack.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Retention: finds and deletes sessions past the window (chunks, history and transcript go by
 * cascade), and tells the storage sweep which stored files still have a session that needs them.
 */
public interface CleanupDao {

  /**
   * Locks a batch of final sessions that finished (or, lacking a finish time, were created) before
   * the cutoff. A failed session still waiting for Retry counts once it is that old. Rows another
   * transaction holds (a Retry moving one back to pending) are skipped, and the lock keeps them
   * from changing until they are deleted, so a session is never half removed while it comes back to
   * life.
   */
  @SqlQuery(
      """
      SELECT id FROM transcription_session
       WHERE status IN ('completed', 'failed', 'cancelled')
         AND COALESCE(finished_at, created_at) < :cutoff
       LIMIT :limit
         FOR UPDATE SKIP LOCKED
      """)
  List<UUID> lockExpired(Instant cutoff, int limit);

  @SqlUpdate("DELETE FROM transcription_session WHERE id IN (<ids>)")
  int delete(@BindList("ids") List<UUID> ids);

  /** Which of these sessions still have a row; files of the others are orphans. */
  @SqlQuery("SELECT id FROM transcription_session WHERE id IN (<ids>)")
  List<UUID> existing(@BindList("ids") List<UUID> ids);

  /**
   * Locks those of these sessions whose decoded audio nothing will read again: completed,
   * cancelled, failed for good (a permanent error code), or failed before the cutoff (a Retry then
   * decodes again). Rows a Retry is moving back to pending are skipped, and the lock holds a Retry
   * back until the audio is gone, so a retried run never starts on audio about to be deleted.
   */
  @SqlQuery(
      """
      SELECT id FROM transcription_session
       WHERE id IN (<ids>)
         AND (status IN ('completed', 'cancelled')
              OR status = 'failed'
                 AND (error_code IN (<permanentCodes>) OR COALESCE(finished_at, updated_at) < :cutoff))
         FOR UPDATE SKIP LOCKED
      """)
  List<UUID> lockDoneWithDecodedAudio(
      @BindList("ids") List<UUID> ids,
      @BindList("permanentCodes") List<String> permanentCodes,
      Instant cutoff);
}
