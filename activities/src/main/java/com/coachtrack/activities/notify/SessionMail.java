package com.coachtrack.activities.notify;

import com.coachtrack.activities.webhooks.WebhookPayloads;
import com.coachtrack.store.SessionRow;
import com.coachtrack.workflows.status.ErrorCode;
import com.coachtrack.workflows.status.SessionStatus;

/** The e-mails a coach gets when a session ends, in plain words with the links they need. */
public final class SessionMail {
  private SessionMail() {}

  /**
   * @param name how to greet the coach; null for a plain greeting
   */
  public static MailMessage completed(
      String to, String name, SessionRow session, String publicUrl) {
    String title = title(session);
    String link = WebhookPayloads.sessionUrl(publicUrl, session.id().toString());
    StringBuilder text = new StringBuilder();
    text.append(greeting(name)).append("\n\n");
    text.append("\"").append(title).append("\" is transcribed.\n\n");
    text.append("Recording: ").append(duration(session.durationTotal())).append('\n');
    text.append("Processing time: ")
        .append(duration(WebhookPayloads.processingSeconds(session, SessionStatus.COMPLETED)))
        .append('\n');
    if (session.wordCount() != null) {
      text.append("Words: ").append(session.wordCount()).append('\n');
    }
    text.append("\nRead it and download the transcript (TXT, SRT, VTT or JSON):\n")
        .append(link)
        .append("\n");
    text.append(footer(publicUrl));
    return new MailMessage(to, "Transcribed: " + title, text.toString());
  }

  public static MailMessage failed(
      String to, String name, SessionRow session, ErrorCode code, String publicUrl) {
    String title = title(session);
    String link = WebhookPayloads.sessionUrl(publicUrl, session.id().toString());
    StringBuilder text = new StringBuilder();
    text.append(greeting(name)).append("\n\n");
    text.append("\"").append(title).append("\" could not be transcribed.\n\n");
    text.append("What happened: ").append(code.userMessage()).append('\n');
    text.append("What to do: ").append(code.nextSteps()).append("\n\n");
    text.append("Recording: ").append(duration(session.durationTotal())).append('\n');
    text.append("Processing time: ")
        .append(duration(WebhookPayloads.processingSeconds(session, SessionStatus.FAILED)))
        .append("\n\n");
    if (code.retryable()) {
      // The link opens the session with its Retry button ready; the retry itself is one press
      // there, never a side effect of opening a link (mail scanners open links too).
      text.append("Retry (finished parts are kept): ").append(link).append("?retry=1\n");
    } else {
      text.append("Retrying the same file cannot help; upload a new one: ")
          .append(publicUrl)
          .append("/\n");
      text.append("The session: ").append(link).append('\n');
    }
    text.append("More help: ")
        .append(publicUrl)
        .append("/help/troubleshooting#")
        .append(code.wireName())
        .append('\n');
    text.append(footer(publicUrl));
    return new MailMessage(to, "Transcription failed: " + title, text.toString());
  }

  private static String greeting(String name) {
    return name == null || name.isBlank() ? "Hello," : "Hello " + name.strip() + ",";
  }

  private static String footer(String publicUrl) {
    return "\n--\nCoachTrack. You get this e-mail because of your notification settings: "
        + publicUrl
        + "/settings#notifications\n";
  }

  private static String title(SessionRow session) {
    String title = session.title();
    return title == null || title.isBlank() ? session.originalFilename() : title;
  }

  /** {@code 45 s}, {@code 12 min 5 s}, {@code 2 h 3 min}. */
  static String duration(double seconds) {
    long total = Math.round(seconds);
    long hours = total / 3600;
    long minutes = total % 3600 / 60;
    long rest = total % 60;
    if (hours > 0) {
      return hours + " h " + minutes + " min";
    }
    if (minutes > 0) {
      return minutes + " min " + rest + " s";
    }
    return rest + " s";
  }
}
