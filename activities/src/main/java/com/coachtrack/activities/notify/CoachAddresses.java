package com.coachtrack.activities.notify;

import com.coachtrack.store.CoachDao;
import com.coachtrack.store.CoachRow;
import com.coachtrack.store.NotificationPreferenceRow;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Where a coach's e-mail goes: the address they chose in their settings, else their built-in
 * account's. A coach signed in through an identity provider or a proxy has no stored address until
 * they choose one.
 */
public final class CoachAddresses {
  private final Jdbi jdbi;

  public CoachAddresses(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public Optional<String> addressFor(NotificationPreferenceRow preferences) {
    if (preferences.email() != null && !preferences.email().isBlank()) {
      return Optional.of(preferences.email());
    }
    return account(preferences.coachId()).map(CoachRow::email);
  }

  /** The built-in account, when the coach has one. */
  public Optional<CoachRow> account(String coachId) {
    return jdbi.withExtension(CoachDao.class, dao -> dao.findById(coachId));
  }
}
