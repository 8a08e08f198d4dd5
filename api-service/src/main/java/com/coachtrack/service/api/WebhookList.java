package com.coachtrack.service.api;

import java.util.List;

/** The webhook endpoints the signed-in coach may see, oldest first. */
public record WebhookList(List<WebhookView> webhooks) {}
