package com.coachtrack.activities.webhooks;

import com.coachtrack.activities.failures.Failures;
import com.coachtrack.store.WebhookAttemptDao;
import com.coachtrack.store.WebhookDeliveryDao;
import com.coachtrack.store.WebhookDeliveryRow;
import com.coachtrack.store.WebhookEndpointDao;
import com.coachtrack.store.WebhookEndpointRow;
import com.coachtrack.workflows.activities.WebhookActivities;
import com.coachtrack.workflows.activities.WebhookDeliveryRequest;
import com.coachtrack.workflows.status.FailureTypes;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Webhook attempts: one POST each, every one recorded, the endpoint disabled by a 410. */
public final class WebhookActivitiesImpl implements WebhookActivities {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookActivitiesImpl.class);

  /** Failure type of an attempt worth repeating (a 5xx, 408, 429, a timeout, no connection). */
  static final String RETRY = "coachtrack.webhook_retry";

  private static final int MAX_ERROR = 500;

  private final Jdbi jdbi;
  private final WebhookPoster poster;
  private final Clock clock;

  public WebhookActivitiesImpl(Jdbi jdbi, WebhookPoster poster, Clock clock) {
    this.jdbi = jdbi;
    this.poster = poster;
    this.clock = clock;
  }

  @Override
  public String attempt(WebhookDeliveryRequest request) {
    UUID id = UUID.fromString(request.deliveryId());
    Optional<WebhookDeliveryRow> found =
        Failures.database(
            () -> jdbi.withExtension(WebhookDeliveryDao.class, dao -> dao.findById(id)));
    if (found.isEmpty()) {
      // Its endpoint or its session was deleted (the rows go with them): nothing left to send.
      return "skipped";
    }
    WebhookDeliveryRow delivery = found.get();
    if (!WebhookDeliveryRow.PENDING.equals(delivery.status())) {
      // A run started again for a delivery that had finished after all.
      return delivery.status();
    }
    WebhookEndpointRow endpoint =
        Failures.database(
                () ->
                    jdbi.withExtension(
                        WebhookEndpointDao.class, dao -> dao.findById(delivery.endpointId())))
            .orElse(null);
    if (endpoint == null || !endpoint.enabled()) {
      Failures.database(
          () ->
              jdbi.useExtension(
                  WebhookDeliveryDao.class,
                  dao -> dao.fail(id, "The endpoint was disabled", clock.instant())));
      return "skipped";
    }

    PostResult result =
        poster.post(endpoint.url(), endpoint.secret(), delivery.messageId(), delivery.payload());
    Instant now = clock.instant();
    int temporalAttempt = Activity.getExecutionContext().getInfo().getAttempt();
    Duration retryAfter =
        result.retryAfterSeconds() == null
            ? null
            : Duration.ofSeconds(Math.min(result.retryAfterSeconds(), request.maxRetrySeconds()));
    Duration wait = Duration.ofSeconds(request.secondsBeforeRetry(temporalAttempt));
    if (retryAfter != null && retryAfter.compareTo(wait) > 0) {
      wait = retryAfter;
    }
    String status =
        result.delivered()
            ? WebhookDeliveryRow.DELIVERED
            : result.refused() ? WebhookDeliveryRow.FAILED : WebhookDeliveryRow.PENDING;
    Instant next = WebhookDeliveryRow.PENDING.equals(status) ? now.plus(wait) : null;
    String error = clip(result.error());
    Failures.database(
        () ->
            jdbi.useTransaction(
                handle -> {
                  handle
                      .attach(WebhookAttemptDao.class)
                      .append(id, now, result.statusCode(), error, result.durationMs());
                  handle
                      .attach(WebhookDeliveryDao.class)
                      .recordAttempt(id, status, result.statusCode(), error, next, now);
                  if (result.gone()) {
                    handle
                        .attach(WebhookEndpointDao.class)
                        .disable(
                            endpoint.id(),
                            "The receiver answered 410 Gone at " + now + ": it was turned off",
                            now);
                  }
                }));

    if (result.delivered()) {
      return WebhookDeliveryRow.DELIVERED;
    }
    if (result.refused()) {
      LOG.info("Webhook delivery {} refused by {}: {}", id, endpoint.url(), error);
      throw ApplicationFailure.newNonRetryableFailure(error, FailureTypes.WEBHOOK_REFUSED);
    }
    // Retry-After is honoured when it asks for more patience than the backoff would give.
    throw ApplicationFailure.newFailureWithCauseAndDelay(
        error, RETRY, null, retryAfter != null && retryAfter.equals(wait) ? wait : null);
  }

  @Override
  public void giveUp(String deliveryId) {
    Failures.database(
        () ->
            jdbi.useExtension(
                WebhookDeliveryDao.class,
                dao ->
                    dao.fail(
                        UUID.fromString(deliveryId),
                        "Given up: the receiver did not take it within the retry window",
                        clock.instant())));
  }

  private static String clip(String error) {
    if (error == null || error.length() <= MAX_ERROR) {
      return error;
    }
    return error.substring(0, MAX_ERROR - 1) + "…";
  }
}
