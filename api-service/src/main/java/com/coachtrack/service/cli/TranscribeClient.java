package com.coachtrack.service.cli;

import com.coachtrack.service.transcripts.TranscriptFormat;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Upload, follow, download: the whole command-line conversation with one CoachTrack server over
 * HTTP. It prints to the streams it is given and answers an exit code; it never exits the JVM, so
 * tests drive it against the real application.
 */
public final class TranscribeClient {
  /** The transcript was written. */
  public static final int OK = 0;

  /**
   * The transcription failed or was cancelled, or the transcript could not be fetched or written.
   */
  public static final int FAILED = 1;

  /** The input was refused (a 4xx at upload, a missing file, a directory we cannot write to). */
  public static final int REJECTED = 2;

  /** The server could not be reached. */
  public static final int UNREACHABLE = 3;

  /** Stopped with Ctrl-C (128 + SIGINT, as shells report it). */
  public static final int INTERRUPTED = 130;

  /**
   * How often a person watching a terminal wants to see the bar move; the server's hint is used
   * when sooner.
   */
  public static final Duration DEFAULT_MAX_POLL = Duration.ofSeconds(2);

  private static final long MIN_POLL_MS = 100;

  /** Upload progress: redrawn 5 times a second on a terminal, a line every 5 s in a log. */
  private static final long UPLOAD_REDRAW_NANOS = 200_000_000L;

  private static final long UPLOAD_LOG_NANOS = 5_000_000_000L;

  /**
   * Consecutive failed polls (server restarting, network gone) tolerated before giving up: a few
   * minutes.
   */
  private static final int MAX_POLL_FAILURES = 30;

  private final ServerApi api;
  private final ProgressPrinter progress;
  private final PrintStream err;
  private final Duration maxPoll;
  private final Object wake = new Object();
  private volatile boolean interrupted;
  private volatile String sessionId;
  private volatile boolean finished;

  /** Why the last {@link #poll} stopped early: {@link #UNREACHABLE} or {@link #FAILED}. */
  private int lastPollFailure = FAILED;

  /**
   * @param server the base URL, e.g. {@code http://localhost:8080} (see {@link #serverUri(String)})
   * @param caller the credential sent on every request
   * @param maxPoll the longest wait between two status polls
   */
  public TranscribeClient(
      URI server, Caller caller, ProgressPrinter progress, PrintStream err, Duration maxPoll) {
    this.api = new ServerApi(server, caller);
    this.progress = progress;
    this.err = err;
    this.maxPoll = maxPoll;
  }

  /**
   * Reads {@code --server}: a scheme-less {@code host:port} means http; a trailing slash or path is
   * kept as the base the API lives under.
   */
  public static URI serverUri(String text) {
    return ServerApi.serverUri(text);
  }

  /**
   * Why {@code input} cannot be transcribed (missing, not a file, unreadable, nowhere to write), if
   * so.
   */
  public static Optional<String> checkInput(Path input) {
    return InputFiles.check(input);
  }

  /**
   * Uploads {@code input}, follows the session to its end and writes the transcript beside the
   * input.
   */
  public int transcribe(Path input, String title, TranscriptFormat format) {
    return transcribe(input, title, null, format);
  }

  /**
   * As {@link #transcribe(Path, String, TranscriptFormat)}, on the engine named (null: the server's
   * default); a name the server does not offer is refused with the choices it has.
   */
  public int transcribe(Path input, String title, String engine, TranscriptFormat format) {
    Optional<String> problem = checkInput(input);
    if (problem.isPresent()) {
      err.println(problem.get());
      return REJECTED;
    }
    long size;
    try {
      size = Files.size(input);
    } catch (IOException e) {
      err.println("Cannot read " + input + ": " + describe(e));
      return REJECTED;
    }
    progress.message(
        "Uploading "
            + input.getFileName()
            + " ("
            + ProgressLine.size(size)
            + ") to "
            + api.server()
            + " as "
            + api.caller().description());
    HttpResponse<String> response;
    AtomicLong sent = new AtomicLong();
    long every = progress.redraws() ? UPLOAD_REDRAW_NANOS : UPLOAD_LOG_NANOS;
    AtomicLong lastDraw = new AtomicLong(System.nanoTime());
    try {
      response =
          api.upload(
              input,
              title,
              engine,
              (bytes, total) -> {
                sent.set(bytes);
                long now = System.nanoTime();
                long previous = lastDraw.get();
                if (bytes >= total
                    || now - previous >= every && lastDraw.compareAndSet(previous, now)) {
                  progress.update(
                      ProgressLine.upload(bytes, total, progress.unicode(), progress.lineWidth()));
                }
              });
    } catch (IOException e) {
      progress.endLine();
      if (sent.get() == 0) {
        err.println(unreachable(e));
      } else {
        err.println(
            "The upload was cut off after "
                + ProgressLine.size(sent.get())
                + " of "
                + ProgressLine.size(size)
                + " ("
                + describe(e)
                + ").");
        err.println(
            "The server may refuse files this large, or it restarted; try again, or try a compressed "
                + "format such as MP3 or M4A.");
      }
      return UNREACHABLE;
    }
    progress.endLine();
    int code = response.statusCode();
    if (code == 201) {
      JsonNode body = api.object(response.body());
      String id = body == null ? null : body.path("session_id").asText(null);
      if (id == null) {
        err.println(
            "The server accepted the upload but its answer has no session id: " + response.body());
        return FAILED;
      }
      if (interrupted) {
        err.println(
            "Session "
                + id
                + " was created as you pressed Ctrl-C; it keeps running: "
                + statusUri(id));
        return INTERRUPTED;
      }
      progress.message("Session " + id + "  status: " + statusUri(id));
      return follow(id, input, format);
    }
    if (interrupted) {
      return INTERRUPTED;
    }
    if (code >= 400 && code < 500) {
      err.println(
          "The server refused "
              + input.getFileName()
              + " (HTTP "
              + code
              + "): "
              + apiMessage(response));
      return REJECTED;
    }
    err.println(
        "The server could not take the upload (HTTP " + code + "): " + apiMessage(response));
    return FAILED;
  }

  /**
   * Follows an existing session (one started earlier and left running with Ctrl-C) and, once
   * completed, writes its transcript beside {@code input}.
   */
  public int follow(String id, Path input, TranscriptFormat format) {
    Optional<String> problem = InputFiles.checkOutputDir(input);
    if (problem.isPresent()) {
      err.println(problem.get());
      return REJECTED;
    }
    sessionId = id;
    StatusUpdate last = poll(id);
    if (last == null) {
      return interrupted ? INTERRUPTED : lastPollFailure;
    }
    finished = true;
    progress.endLine();
    return switch (last.status()) {
      case StatusUpdate.COMPLETED -> download(id, input, format);
      case StatusUpdate.FAILED -> {
        err.println(
            "Transcription failed: "
                + firstNonBlank(last.errorMessage(), last.message(), "no reason given"));
        if (last.nextSteps() != null && !last.nextSteps().isBlank()) {
          err.println("What to do: " + last.nextSteps());
        }
        err.println("Session " + id + "  status: " + statusUri(id));
        yield FAILED;
      }
      default -> {
        err.println(
            "The transcription was cancelled: " + firstNonBlank(last.message(), "cancelled"));
        yield FAILED;
      }
    };
  }

  /** The session being followed, while it is not finished: what a Ctrl-C may offer to cancel. */
  public Optional<String> activeSession() {
    return finished ? Optional.empty() : Optional.ofNullable(sessionId);
  }

  /** The status URL of a session on this server, for people and for curl. */
  public URI statusUri(String id) {
    return api.statusUri(id);
  }

  /** Stops following (Ctrl-C): mutes progress output and wakes the poll loop, which then ends. */
  public void interrupt() {
    interrupted = true;
    progress.mute();
    synchronized (wake) {
      wake.notifyAll();
    }
  }

  /** Asks the server to cancel the session; prints the outcome to the error stream. */
  public boolean cancel(String id) {
    try {
      HttpResponse<String> response = api.cancel(id);
      if (response.statusCode() == 202 || response.statusCode() == 200) {
        err.println("Cancelled session " + id + " on the server.");
        return true;
      }
      err.println(
          "The server did not cancel session "
              + id
              + " (HTTP "
              + response.statusCode()
              + "): "
              + apiMessage(response));
      return false;
    } catch (IOException e) {
      err.println("Could not cancel session " + id + ": " + describe(e));
      return false;
    }
  }

  /** Polls until the session is final; null when it had to stop first (reason already printed). */
  private StatusUpdate poll(String id) {
    int failures = 0;
    int attempt = 0;
    boolean stalledShown = false;
    boolean slowShown = false;
    while (!interrupted) {
      HttpResponse<String> response;
      try {
        response = api.status(id);
      } catch (IOException e) {
        failures++;
        if (!keepTrying(id, failures, describe(e))) {
          lastPollFailure = UNREACHABLE;
          return null;
        }
        pause(backoff(failures));
        continue;
      }
      int code = response.statusCode();
      if (code == 429) {
        pause(retryAfter(response));
        continue;
      }
      if (code >= 500) {
        failures++;
        if (!keepTrying(id, failures, "HTTP " + code + ": " + apiMessage(response))) {
          lastPollFailure = FAILED;
          return null;
        }
        pause(backoff(failures));
        continue;
      }
      if (code != 200) {
        progress.endLine();
        err.println(
            "Could not read the status of session "
                + id
                + " (HTTP "
                + code
                + "): "
                + apiMessage(response));
        lastPollFailure = FAILED;
        return null;
      }
      if (failures > 0) {
        progress.message("Back in contact with the server.");
        failures = 0;
      }
      JsonNode body = api.object(response.body());
      if (body == null) {
        err.println("The server's status answer is not JSON: " + response.body());
        lastPollFailure = FAILED;
        return null;
      }
      StatusUpdate update = StatusUpdate.from(body);
      if (attempt != 0 && update.attempt() > attempt) {
        progress.message(
            "Retrying automatically (attempt " + update.attempt() + "); finished parts are kept.");
      }
      attempt = update.attempt();
      if (update.stalled() && !stalledShown) {
        progress.message("Stalled: " + firstNonBlank(update.message(), "no progress for a while."));
      }
      stalledShown = update.stalled();
      if (update.isSlow() && !slowShown) {
        progress.message(
            "Slower than usual for this engine; the time left already accounts for it.");
      }
      slowShown = update.isSlow();
      progress.update(ProgressLine.render(update, progress.unicode(), progress.lineWidth()));
      if (update.isFinal()) {
        return update;
      }
      pause(interval(update));
    }
    return null;
  }

  private boolean keepTrying(String id, int failures, String reason) {
    if (failures == 1) {
      progress.message("Lost contact with the server (" + reason + "); retrying.");
    }
    if (failures < MAX_POLL_FAILURES) {
      return true;
    }
    progress.endLine();
    err.println("Gave up after " + failures + " failed status requests (" + reason + ").");
    err.println("Session " + id + " may still be running: " + statusUri(id));
    return false;
  }

  private int download(String id, Path input, TranscriptFormat format) {
    HttpResponse<InputStream> response;
    try {
      response = api.transcript(id, format);
    } catch (IOException e) {
      err.println("Could not download the transcript: " + describe(e));
      err.println("It is on the server: " + api.transcriptUri(id, format));
      return interrupted ? INTERRUPTED : FAILED;
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        err.println(
            "Could not download the transcript (HTTP "
                + response.statusCode()
                + "): "
                + api.message(text));
        return FAILED;
      }
      Path written = OutputFiles.writeBeside(input, format.extension(), body);
      progress.message("Transcript written to " + written);
      return OK;
    } catch (IOException e) {
      err.println("Could not write the transcript beside " + input + ": " + describe(e));
      err.println("It is on the server: " + api.transcriptUri(id, format));
      return FAILED;
    }
  }

  private long interval(StatusUpdate update) {
    long hint = update.pollAfterMs() == null ? maxPoll.toMillis() : update.pollAfterMs();
    return Math.max(MIN_POLL_MS, Math.min(hint, maxPoll.toMillis()));
  }

  private static long backoff(int failures) {
    return Math.min(10_000L, 500L * (1L << Math.min(failures, 5)));
  }

  private static long retryAfter(HttpResponse<?> response) {
    return response
        .headers()
        .firstValue("Retry-After")
        .map(
            value -> {
              try {
                return Math.max(1, Long.parseLong(value.strip())) * 1000;
              } catch (NumberFormatException e) {
                return 1000L;
              }
            })
        .orElse(1000L);
  }

  /** Sleeps, but wakes at once on {@link #interrupt()}. */
  private void pause(long millis) {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    synchronized (wake) {
      long left;
      while (!interrupted && (left = deadline - System.nanoTime()) > 0) {
        try {
          wake.wait(Math.max(1, left / 1_000_000L));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private String unreachable(IOException e) {
    return "Could not reach the CoachTrack server at "
        + api.server()
        + " ("
        + describe(e)
        + ").\n"
        + "Is it running? Check --server, or leave --server out to run the server inside this command.";
  }

  private String apiMessage(HttpResponse<String> response) {
    return api.message(response.body());
  }

  /** One line for a person: what happened, no stack trace. */
  public static String describe(Throwable e) {
    return ErrorText.describe(e);
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return "";
  }
}
