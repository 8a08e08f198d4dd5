package com.coachtrack.activities.webhooks;

import com.coachtrack.workflows.activities.WebhookDeliveryRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * How deliveries are retried: the first retry after {@code firstRetry}, each next one twice as late
 * up to {@code maxRetry} apart, none started later than {@code retryFor} after the event.
 */
public record WebhookPolicy(Duration firstRetry, Duration maxRetry, Duration retryFor) {

  /** 30 s, doubling up to an hour, for a day: about 30 attempts. */
  public static final WebhookPolicy DEFAULT =
      new WebhookPolicy(Duration.ofSeconds(30), Duration.ofHours(1), Duration.ofHours(24));

  public WebhookDeliveryRequest request(UUID deliveryId, Instant queuedAt) {
    return new WebhookDeliveryRequest(
        deliveryId.toString(),
        Math.max(1, firstRetry.toSeconds()),
        Math.max(1, maxRetry.toSeconds()),
        queuedAt.plus(retryFor).toEpochMilli());
  }
}
