package com.coachtrack.activities.notify;

import com.coachtrack.activities.failures.Failures;
import com.coachtrack.activities.webhooks.WebhookPayloads;
import com.coachtrack.activities.webhooks.WebhookQueue;
import com.coachtrack.store.CoachRow;
import com.coachtrack.store.NotificationPreferenceDao;
import com.coachtrack.store.NotificationPreferenceRow;
import com.coachtrack.store.SessionDao;
import com.coachtrack.store.SessionRow;
import com.coachtrack.store.WebhookEndpointDao;
import com.coachtrack.store.WebhookEndpointRow;
import com.coachtrack.workflows.activities.NotificationActivities;
import com.coachtrack.workflows.activities.SessionEvent;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.FailureTypes;
import com.coachtrack.workflows.status.SessionStatus;
import io.temporal.failure.ApplicationFailure;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.AddressException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A session's end told to its coach by e-mail and to the platforms by webhook. */
public final class NotificationActivitiesImpl implements NotificationActivities {
  private static final Logger LOG = LoggerFactory.getLogger(NotificationActivitiesImpl.class);

  /** Failure type of an e-mail worth sending again (the server away, a timeout). */
  static final String MAIL_UNAVAILABLE = "coachtrack.mail_unavailable";

  private final Jdbi jdbi;
  private final Optional<Mailer> mailer;
  private final WebhookQueue webhooks;
  private final String publicUrl;
  private final CoachAddresses addresses;

  /**
   * @param mailer empty when e-mail is off (no SMTP_URL)
   * @param publicUrl where coaches reach the web app, for links
   */
  public NotificationActivitiesImpl(
      Jdbi jdbi, Optional<Mailer> mailer, WebhookQueue webhooks, String publicUrl) {
    this.jdbi = jdbi;
    this.mailer = mailer;
    this.webhooks = webhooks;
    this.publicUrl = publicUrl;
    this.addresses = new CoachAddresses(jdbi);
  }

  @Override
  public void emailCoach(SessionEvent event) {
    if (mailer.isEmpty() || event.status() == SessionStatus.CANCELLED) {
      return;
    }
    Optional<SessionRow> found = session(event);
    if (found.isEmpty()) {
      return;
    }
    SessionRow session = found.get();
    NotificationPreferenceRow preferences =
        Failures.database(
            () ->
                jdbi.withExtension(
                    NotificationPreferenceDao.class, dao -> dao.findOrDefaults(session.coachId())));
    boolean wanted =
        event.status() == SessionStatus.COMPLETED
            ? preferences.mailsCompletionOf(session.durationTotal())
            : preferences.emailOnFailure();
    if (!wanted) {
      return;
    }
    Optional<String> to = Failures.database(() -> addresses.addressFor(preferences));
    if (to.isEmpty()) {
      LOG.info(
          "Session {}: coach {} has no e-mail address; set one in Settings",
          session.id(),
          session.coachId());
      return;
    }
    String name =
        Failures.database(() -> addresses.account(session.coachId()))
            .map(CoachRow::name)
            .orElse(null);
    MailMessage message =
        event.status() == SessionStatus.COMPLETED
            ? SessionMail.completed(to.get(), name, session, publicUrl)
            : SessionMail.failed(
                to.get(),
                name,
                session,
                event.errorCode() == null ? ErrorCode.ENGINE_CRASH : event.errorCode(),
                publicUrl);
    try {
      mailer.get().send(message);
      LOG.info("Session {}: e-mailed its coach ({})", session.id(), event.eventType());
    } catch (SendFailedException | AddressException e) {
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          "The mail server refused the message: " + e.getMessage(), FailureTypes.MAIL_REFUSED, e);
    } catch (MessagingException e) {
      throw ApplicationFailure.newFailureWithCause(
          "The mail server could not take the message: " + e.getMessage(), MAIL_UNAVAILABLE, e);
    }
  }

  @Override
  public int queueWebhooks(SessionEvent event) {
    Optional<SessionRow> found = session(event);
    if (found.isEmpty()) {
      return 0;
    }
    SessionRow session = found.get();
    return Failures.database(
        () -> {
          boolean coachWants =
              jdbi.withExtension(
                      NotificationPreferenceDao.class, dao -> dao.findOrDefaults(session.coachId()))
                  .webhooks();
          List<WebhookEndpointRow> endpoints =
              jdbi.withExtension(
                  WebhookEndpointDao.class,
                  dao -> dao.wanting(session.coachId(), coachWants, event.eventType()));
          if (endpoints.isEmpty()) {
            return 0;
          }
          return webhooks.queue(event, endpoints, WebhookPayloads.of(event, session, publicUrl));
        });
  }

  /** The session, unless the retention cleanup removed it meanwhile (nothing to tell then). */
  private Optional<SessionRow> session(SessionEvent event) {
    UUID id = UUID.fromString(event.sessionId());
    return Failures.database(() -> jdbi.withExtension(SessionDao.class, dao -> dao.findById(id)));
  }
}
