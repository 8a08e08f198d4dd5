package com.coachtrack.store;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Retention: finds and deletes sessions past the window. Chunks, history and transcript go by
 * cascade.
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
}
