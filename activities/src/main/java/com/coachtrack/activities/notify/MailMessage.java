package com.coachtrack.activities.notify;

/** One plain-text e-mail to one coach. */
public record MailMessage(String to, String subject, String text) {}
