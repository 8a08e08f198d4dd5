package com.coachtrack.service.resources;

import com.coachtrack.activities.notify.CoachAddresses;
import com.coachtrack.service.access.Budget;
import com.coachtrack.service.access.RateLimited;
import com.coachtrack.service.api.NotificationPreferencesRequest;
import com.coachtrack.service.api.NotificationPreferencesView;
import com.coachtrack.service.auth.Coach;
import com.coachtrack.service.errors.ApiException;
import com.coachtrack.store.NotificationPreferenceDao;
import com.coachtrack.store.NotificationPreferenceRow;
import com.codahale.metrics.annotation.Timed;
import io.dropwizard.auth.Auth;
import io.swagger.v3.oas.annotations.Parameter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/** What the signed-in coach is told when a session ends, and where. */
@Path("/api/v1/me/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationsResource {
  static final int MAX_MINUTES = 24 * 60;
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
  private static final int MAX_EMAIL = 320;

  private final Jdbi jdbi;
  private final CoachAddresses addresses;
  private final boolean mailAvailable;
  private final Clock clock;

  /**
   * @param mailAvailable whether this installation sends e-mail (SMTP_URL is set)
   */
  public NotificationsResource(Jdbi jdbi, boolean mailAvailable, Clock clock) {
    this.jdbi = jdbi;
    this.addresses = new CoachAddresses(jdbi);
    this.mailAvailable = mailAvailable;
    this.clock = clock;
  }

  @GET
  @Timed(name = "get-notifications")
  @RateLimited(Budget.READ)
  public NotificationPreferencesView get(@Parameter(hidden = true) @Auth Coach coach) {
    return view(
        coach,
        jdbi.withExtension(NotificationPreferenceDao.class, dao -> dao.findOrDefaults(coach.id())));
  }

  /** Changes the fields given; the others keep their value. */
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Timed(name = "update-notifications")
  @RateLimited(Budget.WRITE)
  public NotificationPreferencesView update(
      @Parameter(hidden = true) @Auth Coach coach, NotificationPreferencesRequest body) {
    if (body == null) {
      throw new ApiException(
          400,
          "invalid_json",
          "Send the choices as JSON, e.g. {\"email_on_completion\": true,"
              + " \"completion_min_minutes\": 10}.");
    }
    NotificationPreferenceRow current =
        jdbi.withExtension(NotificationPreferenceDao.class, dao -> dao.findOrDefaults(coach.id()));
    Integer minutes = body.completionMinMinutes();
    if (minutes != null && (minutes < 0 || minutes > MAX_MINUTES)) {
      throw new ApiException(
          400,
          "invalid_minutes",
          "completion_min_minutes must be a whole number of minutes from 0 to "
              + MAX_MINUTES
              + " (0: every recording).");
    }
    String email = current.email();
    if (body.email() != null) {
      email = body.email().isBlank() ? null : address(body.email());
    }
    NotificationPreferenceRow saved =
        new NotificationPreferenceRow(
            coach.id(),
            email,
            or(body.emailOnCompletion(), current.emailOnCompletion()),
            minutes != null ? minutes : current.completionMinMinutes(),
            or(body.emailOnFailure(), current.emailOnFailure()),
            or(body.webhooks(), current.webhooks()),
            or(body.desktopOnCompletion(), current.desktopOnCompletion()),
            clock.instant());
    jdbi.useExtension(NotificationPreferenceDao.class, dao -> dao.save(saved));
    return view(coach, saved);
  }

  private NotificationPreferencesView view(Coach coach, NotificationPreferenceRow row) {
    String to = addresses.addressFor(row).orElse(null);
    return new NotificationPreferencesView(
        row.emailOnCompletion(),
        row.completionMinMinutes(),
        row.emailOnFailure(),
        row.webhooks(),
        row.desktopOnCompletion(),
        row.email(),
        to,
        to == null ? coach.email() : null,
        mailAvailable);
  }

  private static String address(String email) {
    String address = email.strip();
    if (address.length() > MAX_EMAIL || !EMAIL.matcher(address).matches()) {
      throw new ApiException(
          400, "invalid_email", "Enter an email address such as ana@example.com.");
    }
    return address;
  }

  private static boolean or(Boolean given, boolean current) {
    return given != null ? given : current;
  }
}
