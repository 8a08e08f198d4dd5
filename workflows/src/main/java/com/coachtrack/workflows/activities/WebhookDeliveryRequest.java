package com.coachtrack.workflows.activities;

/**
 * One webhook delivery to make. The retry policy travels with it, so a run keeps the timing it
 * started with whatever the configuration says later (and replays the same).
 *
 * @param deliveryId the {@code webhook_delivery} row; the body and the endpoint are read from it
 * @param firstRetrySeconds wait before the second attempt; doubled after each failure
 * @param maxRetrySeconds the longest wait between two attempts
 * @param giveUpAtMillis no attempt starts after this (24 h after the event by default)
 */
public record WebhookDeliveryRequest(
    String deliveryId, long firstRetrySeconds, long maxRetrySeconds, long giveUpAtMillis) {

  /**
   * When the attempt after {@code attempt} is due, in seconds from its failure: the first retry
   * after {@code firstRetrySeconds}, each next one twice as late, never more than {@code
   * maxRetrySeconds} apart (Temporal's exponential retry with coefficient 2).
   */
  public long secondsBeforeRetry(int attempt) {
    double wait = firstRetrySeconds * Math.pow(2, Math.max(0, attempt - 1));
    return (long) Math.min(wait, maxRetrySeconds);
  }
}
