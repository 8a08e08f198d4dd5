package com.coachtrack.activities.notify;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.util.Date;
import java.util.Properties;

/** Sends e-mail through one SMTP server with Jakarta Mail (Eclipse Angus). */
public final class Mailer {
  private static final String TIMEOUT_MILLIS = "20000";

  private final SmtpServer server;
  private final InternetAddress from;
  private final Session session;
  private final String protocol;

  /**
   * @param from {@code noreply@example.org} or {@code CoachTrack <noreply@example.org>}
   * @throws IllegalArgumentException when {@code from} is not an address
   */
  public Mailer(SmtpServer server, String from) {
    this.server = server;
    try {
      this.from = new InternetAddress(from, true);
    } catch (AddressException e) {
      throw new IllegalArgumentException(
          "MAIL_FROM must be an address such as CoachTrack <noreply@example.org>", e);
    }
    this.protocol = server.tls() ? "smtps" : "smtp";
    Properties properties = new Properties();
    String prefix = "mail." + protocol + ".";
    properties.setProperty(prefix + "host", server.host());
    properties.setProperty(prefix + "port", Integer.toString(server.port()));
    properties.setProperty(prefix + "auth", Boolean.toString(server.user() != null));
    // A mail server that hangs must not hold the activity: its retries take over.
    properties.setProperty(prefix + "connectiontimeout", TIMEOUT_MILLIS);
    properties.setProperty(prefix + "timeout", TIMEOUT_MILLIS);
    properties.setProperty(prefix + "writetimeout", TIMEOUT_MILLIS);
    if (server.tls()) {
      properties.setProperty(prefix + "ssl.checkserveridentity", "true");
    } else {
      properties.setProperty(prefix + "starttls.enable", "true");
      properties.setProperty(
          prefix + "starttls.required", Boolean.toString(server.startTlsRequired()));
      properties.setProperty(prefix + "ssl.checkserveridentity", "true");
    }
    this.session = Session.getInstance(properties);
  }

  public InternetAddress from() {
    return from;
  }

  /**
   * @throws jakarta.mail.SendFailedException when the server refuses the recipient (not worth a
   *     retry)
   * @throws MessagingException when the server cannot be reached or fails (worth one)
   */
  public void send(MailMessage message) throws MessagingException {
    MimeMessage mime = new MimeMessage(session);
    mime.setFrom(from);
    mime.setRecipient(Message.RecipientType.TO, new InternetAddress(message.to(), true));
    mime.setSubject(message.subject(), "UTF-8");
    mime.setText(message.text(), "UTF-8");
    mime.setSentDate(new Date());
    // RFC 3834: an automatic message, so auto-responders do not answer it.
    mime.setHeader("Auto-Submitted", "auto-generated");
    try (Transport transport = session.getTransport(protocol)) {
      transport.connect(server.host(), server.port(), server.user(), server.password());
      transport.sendMessage(mime, mime.getAllRecipients());
    }
  }

  @Override
  public String toString() {
    return server + " as " + from;
  }
}
