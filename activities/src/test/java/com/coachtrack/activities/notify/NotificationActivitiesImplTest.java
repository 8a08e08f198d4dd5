package com.coachtrack.activities.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coachtrack.activities.webhooks.WebhookPolicy;
import com.coachtrack.activities.webhooks.WebhookQueue;
import com.coachtrack.store.CoachDao;
import com.coachtrack.store.NewSession;
import com.coachtrack.store.NotificationPreferenceDao;
import com.coachtrack.store.NotificationPreferenceRow;
import com.coachtrack.store.SessionDao;
import com.coachtrack.store.Store;
import com.coachtrack.store.TestDatabase;
import com.coachtrack.store.WebhookDeliveryDao;
import com.coachtrack.store.WebhookDeliveryRow;
import com.coachtrack.store.WebhookEndpointDao;
import com.coachtrack.workflows.TaskQueues;
import com.coachtrack.workflows.activities.SessionEvent;
import com.coachtrack.workflows.activities.StatusChange;
import com.coachtrack.workflows.progress.ProgressEstimator;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.FailureTypes;
import com.coachtrack.workflows.status.SessionStatus;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import jakarta.mail.internet.MimeMessage;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The e-mail and the webhook queueing of a session's end, against a real PostgreSQL, a real SMTP
 * server in this JVM (GreenMail, with sign-in) and Temporal's test server.
 */
class NotificationActivitiesImplTest {
  private static final String PUBLIC_URL = "https://coachtrack.example.org";

  @RegisterExtension
  static final GreenMailExtension SMTP =
      new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
          .withConfiguration(GreenMailConfiguration.aConfig().withUser("coachtrack", "s3cret"));

  private static TestDatabase db;
  private static TestWorkflowEnvironment temporal;

  private final Clock clock = Clock.systemUTC();
  private Store store;
  private NotificationActivitiesImpl notifications;

  @BeforeAll
  static void start() throws Exception {
    db = new TestDatabase();
    temporal = TestWorkflowEnvironment.newInstance();
    temporal.start();
  }

  @AfterAll
  static void stop() throws Exception {
    temporal.close();
    db.close();
  }

  @BeforeEach
  void emptyTables() {
    db.jdbi.useHandle(
        handle ->
            handle.execute(
                "TRUNCATE transcription_session, webhook_endpoint, notification_preference, coach"
                    + " CASCADE"));
    store = new Store(db.jdbi, clock, new ProgressEstimator(clock), 2);
    notifications = notifications(SMTP.getSmtp().getPort());
  }

  private NotificationActivitiesImpl notifications(int smtpPort) {
    Mailer mailer =
        new Mailer(
            SmtpServer.parse("smtp://coachtrack:s3cret@127.0.0.1:" + smtpPort).orElseThrow(),
            "CoachTrack <noreply@coachtrack.example.org>");
    return new NotificationActivitiesImpl(db.jdbi, Optional.of(mailer), queue(), PUBLIC_URL);
  }

  private WebhookQueue queue() {
    return new WebhookQueue(db.jdbi, temporal.getWorkflowClient(), WebhookPolicy.DEFAULT, clock);
  }

  @Test
  void aLongRecordingsCompletionIsMailedWithItsLinkAndNumbers() throws Exception {
    account("coach-ana", "ana@example.com", "Ana");
    UUID id = session("coach-ana", "Session with Ben", 15 * 60);
    finish(id, SessionStatus.COMPLETED, null);
    // As a run of an hour and two minutes would have recorded it.
    setSeconds(id, "processing_seconds", 3725.4);

    notifications.emailCoach(event(id, SessionStatus.COMPLETED, null));

    MimeMessage mail = onlyMail();
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("ana@example.com");
    assertThat(mail.getFrom()[0].toString()).contains("noreply@coachtrack.example.org");
    assertThat(mail.getSubject()).isEqualTo("Transcribed: Session with Ben");
    assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");
    assertThat(body(mail))
        .startsWith("Hello Ana,")
        .contains("\"Session with Ben\" is transcribed.")
        .contains("Recording: 15 min 0 s")
        .contains("Processing time: 1 h 2 min\n")
        .contains(PUBLIC_URL + "/sessions/" + id + "\n")
        .contains(PUBLIC_URL + "/settings#notifications");
  }

  @Test
  void aShortRecordingIsNotMailedByDefaultButIsOnceTheCoachAsks() throws Exception {
    account("coach-ana", "ana@example.com", "Ana");
    UUID id = session("coach-ana", "Quick check-in", 5 * 60);
    finish(id, SessionStatus.COMPLETED, null);

    notifications.emailCoach(event(id, SessionStatus.COMPLETED, null));
    assertThat(SMTP.getReceivedMessages()).isEmpty();

    save(
        new NotificationPreferenceRow("coach-ana", null, true, 0, true, true, true, Instant.now()));
    notifications.emailCoach(event(id, SessionStatus.COMPLETED, null));
    assertThat(onlyMail().getSubject()).isEqualTo("Transcribed: Quick check-in");
  }

  @Test
  void aRetryableFailureIsMailedWithThePlainReasonAndTheRetryLink() throws Exception {
    account("coach-ana", "ana@example.com", null);
    UUID id = session("coach-ana", "Lost audio", 3 * 60);
    finish(id, SessionStatus.FAILED, ErrorCode.STORAGE_ERROR);
    // The time its attempts ran before failing.
    setSeconds(id, "active_seconds_before", 754);

    notifications.emailCoach(event(id, SessionStatus.FAILED, ErrorCode.STORAGE_ERROR));

    MimeMessage mail = onlyMail();
    assertThat(mail.getSubject()).isEqualTo("Transcription failed: Lost audio");
    assertThat(body(mail))
        .startsWith("Hello,")
        .contains("What happened: " + ErrorCode.STORAGE_ERROR.userMessage())
        .contains("What to do: " + ErrorCode.STORAGE_ERROR.nextSteps())
        .contains("Recording: 3 min 0 s\n")
        .contains("Processing time: 12 min 34 s\n")
        .contains("Retry (finished parts are kept): " + PUBLIC_URL + "/sessions/" + id + "?retry=1")
        .contains(PUBLIC_URL + "/help/troubleshooting#storage_error");
  }

  @Test
  void aPermanentFailureSaysToUploadANewFileInsteadOfRetrying() throws Exception {
    account("coach-ana", "ana@example.com", "Ana");
    UUID id = session("coach-ana", "Silence", 30);
    finish(id, SessionStatus.FAILED, ErrorCode.NO_SPEECH);

    notifications.emailCoach(event(id, SessionStatus.FAILED, ErrorCode.NO_SPEECH));

    assertThat(body(onlyMail()))
        .contains(ErrorCode.NO_SPEECH.userMessage())
        .contains("upload a new one: " + PUBLIC_URL + "/")
        .doesNotContain("?retry=1");
  }

  @Test
  void aCoachWithoutAnAccountIsMailedOnlyAtTheAddressTheyChose() throws Exception {
    UUID id = session("proxy-coach-7", "Behind the proxy", 60);
    finish(id, SessionStatus.FAILED, ErrorCode.ENGINE_CRASH);

    notifications.emailCoach(event(id, SessionStatus.FAILED, ErrorCode.ENGINE_CRASH));
    assertThat(SMTP.getReceivedMessages()).isEmpty();

    save(
        new NotificationPreferenceRow(
            "proxy-coach-7", "seven@example.com", true, 10, true, true, true, Instant.now()));
    notifications.emailCoach(event(id, SessionStatus.FAILED, ErrorCode.ENGINE_CRASH));
    assertThat(onlyMail().getAllRecipients()[0].toString()).isEqualTo("seven@example.com");
  }

  @Test
  void nothingIsMailedWhenTheCoachSaidNoOrForACancelOrWithEmailOff() {
    account("coach-ana", "ana@example.com", "Ana");
    UUID id = session("coach-ana", "Not wanted", 3600);
    finish(id, SessionStatus.FAILED, ErrorCode.ENGINE_CRASH);
    save(
        new NotificationPreferenceRow(
            "coach-ana", null, false, 10, false, true, true, Instant.now()));

    notifications.emailCoach(event(id, SessionStatus.FAILED, ErrorCode.ENGINE_CRASH));
    notifications.emailCoach(event(id, SessionStatus.COMPLETED, null));
    notifications.emailCoach(event(id, SessionStatus.CANCELLED, null));
    new NotificationActivitiesImpl(db.jdbi, Optional.empty(), queue(), PUBLIC_URL)
        .emailCoach(event(id, SessionStatus.FAILED, ErrorCode.ENGINE_CRASH));
    notifications.emailCoach(event(UUID.randomUUID(), SessionStatus.FAILED, ErrorCode.NO_SPEECH));

    assertThat(SMTP.getReceivedMessages()).isEmpty();
  }

  @Test
  void aMailServerThatIsAwayIsAFailureWorthRetrying() throws Exception {
    account("coach-ana", "ana@example.com", "Ana");
    UUID id = session("coach-ana", "Server away", 3600);
    finish(id, SessionStatus.FAILED, ErrorCode.ENGINE_CRASH);
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }

    assertThatThrownBy(
            () ->
                notifications(closed)
                    .emailCoach(event(id, SessionStatus.FAILED, ErrorCode.ENGINE_CRASH)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(NotificationActivitiesImpl.MAIL_UNAVAILABLE);
              assertThat(failure.isNonRetryable()).isFalse();
            });
  }

  @Test
  void anAddressThatCannotBeSentToIsNotRetried() {
    account("coach-ana", "ana@example.com", "Ana");
    UUID id = session("coach-ana", "Bad address", 3600);
    finish(id, SessionStatus.FAILED, ErrorCode.ENGINE_CRASH);
    save(
        new NotificationPreferenceRow(
            "coach-ana", "ana@@example.com", true, 10, true, true, true, Instant.now()));

    assertThatThrownBy(
            () -> notifications.emailCoach(event(id, SessionStatus.FAILED, ErrorCode.ENGINE_CRASH)))
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.getType()).isEqualTo(FailureTypes.MAIL_REFUSED);
              assertThat(failure.isNonRetryable()).isTrue();
            });
  }

  @Test
  void webhooksAreQueuedOncePerEndpointThatWantsTheEventAndEachGetsARun() {
    UUID id = session("coach-ana", "Hooked", 60);
    finish(id, SessionStatus.COMPLETED, null);
    UUID own = endpoint("coach-ana", false, "session.completed,session.failed");
    endpoint("coach-ana", false, "session.failed");
    UUID disabled = endpoint("coach-ana", false, "session.completed");
    db.jdbi.useExtension(
        WebhookEndpointDao.class, dao -> dao.disable(disabled, "test", Instant.now()));
    endpoint("coach-bo", false, "session.completed");
    UUID everyone = endpoint("operator-1", true, "session.completed");

    SessionEvent completed = event(id, SessionStatus.COMPLETED, null);
    assertThat(notifications.queueWebhooks(completed)).isEqualTo(2);
    // An activity retried after it queued: the same deliveries, no second run.
    assertThat(notifications.queueWebhooks(completed)).isEqualTo(2);

    List<WebhookDeliveryRow> deliveries = deliveries();
    assertThat(deliveries)
        .extracting(WebhookDeliveryRow::endpointId)
        .containsExactlyInAnyOrder(own, everyone);
    WebhookDeliveryRow delivery = deliveries.get(0);
    assertThat(delivery.status()).isEqualTo("pending");
    assertThat(delivery.messageId()).startsWith("msg_").doesNotContain("-");
    assertThat(delivery.payload())
        .contains("\"type\":\"session.completed\"")
        .contains("\"session_id\":\"" + id + "\"")
        .contains("\"title\":\"Hooked\"")
        .contains("\"url\":\"" + PUBLIC_URL + "/sessions/" + id + "\"")
        .contains("\"error\":null");
    assertThat(runStatus(delivery.id()))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

    // A coach who paused their webhooks: only the operators' endpoint hears of it.
    save(
        new NotificationPreferenceRow(
            "coach-ana", null, true, 10, true, false, true, Instant.now()));
    UUID second = session("coach-ana", "Paused", 60);
    finish(second, SessionStatus.FAILED, ErrorCode.NO_SPEECH);
    assertThat(
            notifications.queueWebhooks(event(second, SessionStatus.FAILED, ErrorCode.NO_SPEECH)))
        .isZero();
    assertThat(notifications.queueWebhooks(event(UUID.randomUUID(), SessionStatus.FAILED, null)))
        .isZero();
  }

  @Test
  void overdueDeliveriesWhoseRunIsGoneStartAgainAndTooOldOnesAreGivenUp() {
    UUID id = session("coach-ana", "Lost run", 60);
    UUID endpoint = endpoint("coach-ana", false, "session.completed");
    UUID lost = UUID.randomUUID();
    UUID ancient = UUID.randomUUID();
    Instant now = Instant.now();
    db.jdbi.useExtension(
        WebhookDeliveryDao.class,
        dao -> {
          dao.insert(
              lost, endpoint, id, "session.completed", "{}", now.minus(Duration.ofMinutes(10)));
          dao.recordAttempt(
              lost, "pending", 500, "HTTP 500", now.minus(Duration.ofMinutes(5)), now);
          dao.insert(ancient, endpoint, id, "session.failed", "{}", now.minus(Duration.ofDays(2)));
        });

    assertThat(queue().restartOverdue()).isEqualTo(1);
    assertThat(runStatus(lost))
        .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertThat(deliveries())
        .filteredOn(d -> d.id().equals(ancient))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.status()).isEqualTo("failed");
              assertThat(d.lastError()).contains("24 h");
            });
    // Its run is open now: left alone.
    assertThat(queue().restartOverdue()).isZero();
  }

  private WorkflowExecutionStatus runStatus(UUID deliveryId) {
    return temporal
        .getWorkflowClient()
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(temporal.getNamespace())
                .setExecution(
                    WorkflowExecution.newBuilder()
                        .setWorkflowId(TaskQueues.webhookDeliveryWorkflowId(deliveryId.toString())))
                .build())
        .getWorkflowExecutionInfo()
        .getStatus();
  }

  private List<WebhookDeliveryRow> deliveries() {
    return db.jdbi.withHandle(
        handle ->
            handle
                .createQuery("SELECT id FROM webhook_delivery ORDER BY created_at")
                .mapTo(UUID.class)
                .list()
                .stream()
                .map(d -> handle.attach(WebhookDeliveryDao.class).findById(d).orElseThrow())
                .toList());
  }

  private UUID endpoint(String coach, boolean allCoaches, String events) {
    UUID id = UUID.randomUUID();
    db.jdbi.useExtension(
        WebhookEndpointDao.class,
        dao ->
            dao.insert(
                id,
                coach,
                allCoaches,
                "https://hooks.example.com/" + id,
                events,
                "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                Instant.now()));
    return id;
  }

  private void save(NotificationPreferenceRow preferences) {
    db.jdbi.useExtension(NotificationPreferenceDao.class, dao -> dao.save(preferences));
  }

  private void account(String id, String email, String name) {
    db.jdbi.useExtension(
        CoachDao.class,
        dao -> dao.insert(id, email, name == null ? "" : name, null, Instant.now()));
  }

  private UUID session(String coach, String title, double seconds) {
    UUID id = UUID.randomUUID();
    db.jdbi.useExtension(
        SessionDao.class,
        dao ->
            dao.insert(
                new NewSession(
                    id,
                    coach,
                    title,
                    "recording.mp3",
                    "sessions/" + id + "/upload",
                    1000,
                    "mp3/mp3",
                    "sphinx4",
                    TaskQueues.transcriptionWorkflowId(id.toString()),
                    seconds,
                    "queued",
                    Instant.now())));
    return id;
  }

  private void finish(UUID id, SessionStatus status, ErrorCode code) {
    store
        .statusWriter()
        .apply(StatusChange.to(id.toString(), SessionStatus.PROCESSING, 1, "Processing"));
    store
        .statusWriter()
        .apply(
            new StatusChange(
                id.toString(),
                status,
                1,
                code == null ? "done" : code.userMessage(),
                code,
                code == null ? null : "detail",
                null));
  }

  private static void setSeconds(UUID id, String column, double seconds) {
    db.jdbi.useHandle(
        handle ->
            handle
                .createUpdate(
                    "UPDATE transcription_session SET " + column + " = :seconds WHERE id = :id")
                .bind("seconds", seconds)
                .bind("id", id)
                .execute());
  }

  private static SessionEvent event(UUID id, SessionStatus status, ErrorCode code) {
    return new SessionEvent(id.toString(), status, 1, code, System.currentTimeMillis());
  }

  private static MimeMessage onlyMail() {
    assertThat(SMTP.waitForIncomingEmail(5000, 1)).isTrue();
    MimeMessage[] received = SMTP.getReceivedMessages();
    assertThat(received).hasSize(1);
    return received[0];
  }

  private static String body(MimeMessage mail) throws Exception {
    return ((String) mail.getContent()).replace("\r\n", "\n");
  }
}
