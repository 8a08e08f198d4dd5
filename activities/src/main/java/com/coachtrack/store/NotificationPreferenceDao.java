package com.coachtrack.store;

import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Each coach's notification choices; a coach without a row has the defaults. */
@RegisterConstructorMapper(NotificationPreferenceRow.class)
public interface NotificationPreferenceDao {

  @SqlQuery(
      """
      SELECT coach_id, email, email_on_completion, completion_min_minutes, email_on_failure, webhooks,
             desktop_on_completion, updated_at
        FROM notification_preference
       WHERE coach_id = :coachId
      """)
  Optional<NotificationPreferenceRow> find(String coachId);

  default NotificationPreferenceRow findOrDefaults(String coachId) {
    return find(coachId).orElseGet(() -> NotificationPreferenceRow.defaults(coachId));
  }

  @SqlUpdate(
      """
      INSERT INTO notification_preference (coach_id, email, email_on_completion, completion_min_minutes,
          email_on_failure, webhooks, desktop_on_completion, updated_at)
      VALUES (:coachId, :email, :emailOnCompletion, :completionMinMinutes, :emailOnFailure, :webhooks,
          :desktopOnCompletion, :updatedAt)
      ON CONFLICT (coach_id) DO UPDATE
         SET email = EXCLUDED.email, email_on_completion = EXCLUDED.email_on_completion,
             completion_min_minutes = EXCLUDED.completion_min_minutes,
             email_on_failure = EXCLUDED.email_on_failure, webhooks = EXCLUDED.webhooks,
             desktop_on_completion = EXCLUDED.desktop_on_completion, updated_at = EXCLUDED.updated_at
      """)
  void save(@BindMethods NotificationPreferenceRow row);
}
