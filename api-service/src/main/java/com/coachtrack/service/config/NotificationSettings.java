package com.coachtrack.service.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

/**
 * How coaches and platforms are told that a session ended: e-mail through an SMTP server (off
 * without {@code SMTP_URL}) and webhooks. See docs/operators.md, "Notifications".
 */
public class NotificationSettings {
  /** {@code smtp://user:password@host:587} or {@code smtps://…:465}; empty turns e-mail off. */
  @NotNull private String smtpUrl = "";

  /** The sender, {@code CoachTrack <noreply@example.org>}; needed once e-mail is on. */
  @NotNull private String mailFrom = "";

  @Valid @NotNull private WebhookSettings webhooks = new WebhookSettings();

  @JsonProperty
  public String getSmtpUrl() {
    return smtpUrl;
  }

  @JsonProperty
  public void setSmtpUrl(String smtpUrl) {
    this.smtpUrl = smtpUrl == null ? "" : smtpUrl.strip();
  }

  @JsonProperty
  public String getMailFrom() {
    return mailFrom;
  }

  @JsonProperty
  public void setMailFrom(String mailFrom) {
    this.mailFrom = mailFrom == null ? "" : mailFrom.strip();
  }

  @JsonProperty
  public WebhookSettings getWebhooks() {
    return webhooks;
  }

  @JsonProperty
  public void setWebhooks(WebhookSettings webhooks) {
    this.webhooks = webhooks;
  }

  public boolean mailEnabled() {
    return !smtpUrl.isEmpty();
  }

  /** A mail server without a sender would have every message refused: refused at start-up. */
  @AssertTrue(
      message = "MAIL_FROM must be set when SMTP_URL is (e.g. CoachTrack <noreply@example.org>)")
  @JsonIgnore
  public boolean isMailFromSetWhenMailIsOn() {
    return !mailEnabled() || !mailFrom.isEmpty();
  }
}
