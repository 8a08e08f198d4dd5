package com.coachtrack.service.cli;

import io.dropwizard.core.Application;
import io.dropwizard.core.cli.Command;
import io.dropwizard.core.setup.Bootstrap;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import net.sourceforge.argparse4j.impl.Arguments;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;

/**
 * {@code java -jar api-service.jar transcribe FILE [--server URL --token T] [--format srt] [--title
 * T]}: uploads one recording, shows live progress on one line, and writes the transcript beside the
 * recording. Without {@code --server} the whole application runs inside this command for the one
 * file.
 */
public class TranscribeCommand extends Command {
  static final String FILE = "file";
  static final String SERVER = "server";
  static final String FORMAT = "format";
  static final String COACH = "coach";
  static final String TOKEN = "token";
  static final String TITLE = "title";
  static final String PLAIN = "plain";
  static final String DATA_DIR = "data_dir";
  static final String ENGINE = "engine";
  static final String SESSION = "session";

  private static final String BAR_CHARS = "\u2588\u2591";
  private static final int DEFAULT_COLUMNS = 80;

  private final Supplier<? extends Application<?>> application;
  private final AtomicBoolean interrupting = new AtomicBoolean();
  private volatile boolean ended;
  private volatile TranscribeClient client;
  private volatile EmbeddedServer embedded;
  private volatile TranscribeOptions current;

  /**
   * @param application makes the service's application, run inside this command when no --server is
   *     given
   */
  public TranscribeCommand(Supplier<? extends Application<?>> application) {
    super(
        "transcribe",
        "Transcribes one recording and writes the transcript beside it (FILE.txt, FILE.srt...).");
    this.application = application;
  }

  @Override
  public void configure(Subparser subparser) {
    subparser
        .addArgument(FILE)
        .dest(FILE)
        .metavar("FILE")
        .help("the recording: mp3, m4a, wav, ...");
    subparser
        .addArgument("--server")
        .dest(SERVER)
        .metavar("URL")
        .help(
            "a running CoachTrack server, e.g. http://localhost:8080; without it the server runs inside this command");
    subparser
        .addArgument("--format")
        .dest(FORMAT)
        .choices("txt", "srt", "vtt", "json")
        .setDefault("txt")
        .help("transcript format");
    subparser
        .addArgument("--token")
        .dest(TOKEN)
        .metavar("TOKEN")
        .help(
            "with --server: your personal access token (default: $COACHTRACK_TOKEN); create one in"
                + " the web app under Settings");
    subparser
        .addArgument("--coach")
        .dest(COACH)
        .metavar("NAME")
        .help(
            "without --server: who the sessions belong to (default: $COACH_ID, else your login"
                + " name)");
    subparser
        .addArgument("--title")
        .dest(TITLE)
        .metavar("T")
        .help("the session's title (default: the file name)");
    subparser
        .addArgument("--plain")
        .dest(PLAIN)
        .action(Arguments.storeTrue())
        .help("ASCII progress bar (#/-), also used when the output is not a terminal");
    subparser
        .addArgument("--data-dir")
        .dest(DATA_DIR)
        .metavar("DIR")
        .help(
            "without --server: where sessions and the database are kept (default: ~/.coachtrack/data)");
    subparser
        .addArgument("--engine")
        .dest(ENGINE)
        .choices("auto", "sphinx4", "pocketsphinx", "whisper", "openai")
        .help(
            "the speech engine: with --server one the server offers (GET /api/v1/engines; default:"
                + " the server's); without, the one run here (default auto: pocketsphinx when"
                + " installed; whisper needs WHISPER_MODEL, openai needs ASR_URL)");
    subparser
        .addArgument("--session")
        .dest(SESSION)
        .metavar("ID")
        .help(
            "follow a session started earlier (left running with Ctrl-C) instead of uploading FILE again");
    subparser.epilog(
        "Exit status: 0 transcript written, 1 transcription failed or cancelled, 2 file refused, "
            + "3 server unreachable or not started, 130 interrupted.");
  }

  @Override
  public void run(Bootstrap<?> bootstrap, Namespace namespace) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    TranscribeOptions options;
    try {
      options =
          TranscribeOptions.from(
              namespace,
              System.getenv(),
              System.getProperty("user.name"),
              System.getProperty("user.home"));
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      exit(TranscribeClient.REJECTED, out, err);
      return;
    }
    Console console = System.console();
    boolean unicode =
        console != null && !options.plain() && console.charset().newEncoder().canEncode(BAR_CHARS);
    ProgressPrinter progress =
        new ProgressPrinter(out, console != null, unicode, console == null ? 0 : columns());
    InterruptHandler.install(() -> onInterrupt(console, err), TranscribeClient.INTERRUPTED);
    int code = execute(options, progress, err, TranscribeClient.DEFAULT_MAX_POLL);
    if (code == TranscribeClient.INTERRUPTED) {
      // The Ctrl-C handler owns the rest: it may still be asking whether to cancel, and it ends the
      // process.
      awaitForever();
    }
    exit(code, out, err);
  }

  /**
   * One run without process-wide effects (no Ctrl-C handler, no exit), so tests call it: starts the
   * embedded server when no {@code --server} was given, then uploads or follows, downloads, and
   * stops what it started.
   *
   * @return the exit code, see {@link TranscribeClient}
   */
  public int execute(
      TranscribeOptions options, ProgressPrinter progress, PrintStream err, Duration maxPoll) {
    current = options;
    if (options.session() == null) {
      // Before starting a whole server for nothing.
      Optional<String> problem = TranscribeClient.checkInput(options.file());
      if (problem.isPresent()) {
        err.println(problem.get());
        return TranscribeClient.REJECTED;
      }
    }
    int code = TranscribeClient.FAILED;
    try {
      code = startAndRun(options, progress, err, maxPoll);
      return code;
    } finally {
      EmbeddedServer running = embedded;
      if (running != null && code != TranscribeClient.INTERRUPTED) {
        running.close();
      }
    }
  }

  private int startAndRun(
      TranscribeOptions options, ProgressPrinter progress, PrintStream err, Duration maxPoll) {
    URI server = options.server();
    if (server == null) {
      progress.message(
          "Starting the transcription server inside this command (data: "
              + options.dataDir()
              + ") ...");
      try {
        embedded =
            EmbeddedServer.start(application.get(), options.dataDir(), options.embeddedEngine());
      } catch (IOException | RuntimeException e) {
        err.println(
            e.getMessage() == null ? "The embedded server did not start: " + e : e.getMessage());
        return TranscribeClient.UNREACHABLE;
      }
      server = embedded.uri();
    }
    Caller caller =
        embedded != null
            ? Caller.embedded(options.coach(), embedded.proxySecret())
            : Caller.token(options.token());
    TranscribeClient started = new TranscribeClient(server, caller, progress, err, maxPoll);
    client = started;
    if (interrupting.get()) {
      return TranscribeClient.INTERRUPTED;
    }
    return options.session() == null
        ? started.transcribe(
            options.file(),
            options.title(),
            // The embedded application offers the one engine it runs.
            embedded == null ? options.engine() : null,
            options.format())
        : started.follow(options.session(), options.file(), options.format());
  }

  /**
   * Ctrl-C: stop drawing, and when a session is being followed ask whether to cancel it on the
   * server too (without a console it is left running, and how to find it again is printed). A
   * second Ctrl-C while the question is open ends the process at once.
   */
  void onInterrupt(Console console, PrintStream err) {
    if (ended || !interrupting.compareAndSet(false, true)) {
      return;
    }
    TranscribeClient following = client;
    if (following != null) {
      following.interrupt();
    }
    Optional<String> active = following == null ? Optional.empty() : following.activeSession();
    if (active.isEmpty()) {
      err.println("Stopped.");
    } else {
      String id = active.get();
      boolean cancelled = false;
      if (console != null) {
        String answer = console.readLine("Cancel the transcription on the server too? [y/N] ");
        if (answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y")) {
          cancelled = following.cancel(id);
        }
      }
      if (!cancelled) {
        printHowToResume(err, following, id);
      }
    }
    EmbeddedServer running = embedded;
    if (running != null) {
      running.close();
    }
  }

  private void printHowToResume(PrintStream err, TranscribeClient following, String id) {
    TranscribeOptions options = current;
    boolean local = options == null || options.server() == null;
    if (local) {
      err.println(
          "Session "
              + id
              + " is kept in "
              + (options == null ? "the data directory" : options.dataDir())
              + " and resumes the next time transcribe runs without --server.");
    } else {
      err.println(
          "Session "
              + id
              + " keeps running on the server. Status: "
              + following.statusUri(id)
              + " (with your access token as 'Authorization: Bearer')");
    }
    if (options != null) {
      err.println(
          "To get its transcript later: java -jar api-service.jar transcribe "
              + quoted(options.file().toString())
              + " --session "
              + id
              + " --format "
              + options.format().extension()
              + (local
                  ? " --coach " + quoted(options.coach())
                  : " --server " + options.server() + " (with COACHTRACK_TOKEN set)"));
    }
  }

  private void exit(int code, PrintStream out, PrintStream err) {
    ended = true;
    out.flush();
    err.flush();
    System.exit(code);
  }

  /** The terminal's width when the shell exports it ({@code COLUMNS}), else the classic 80. */
  private static int columns() {
    String columns = System.getenv("COLUMNS");
    try {
      return columns == null ? DEFAULT_COLUMNS : Math.max(20, Integer.parseInt(columns.strip()));
    } catch (NumberFormatException e) {
      return DEFAULT_COLUMNS;
    }
  }

  private static String quoted(String text) {
    return text.matches("[A-Za-z0-9_./:@+-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
  }

  private static void awaitForever() {
    try {
      new CountDownLatch(1).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
