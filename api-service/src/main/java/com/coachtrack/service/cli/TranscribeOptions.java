package com.coachtrack.service.cli;

import com.coachtrack.service.transcripts.TranscriptFormat;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import net.sourceforge.argparse4j.inf.Namespace;

/**
 * What one {@code transcribe} run was asked to do, read from its arguments and environment.
 *
 * @param server the running server to use; null runs the application embedded in the command
 * @param token the personal access token sent to {@code server}; null without a server
 * @param coach who the embedded server's sessions belong to
 * @param session an existing session to follow instead of uploading; null to upload {@code file}
 * @param engine the engine asked for with {@code --engine}; null: the server's default (embedded:
 *     {@code auto})
 * @param plain ASCII bar even on a terminal that could show block characters
 */
public record TranscribeOptions(
    Path file,
    URI server,
    TranscriptFormat format,
    String token,
    String coach,
    String title,
    boolean plain,
    Path dataDir,
    String engine,
    String session) {

  /** The default data directory of embedded runs: {@code ~/.coachtrack/data}. */
  public static Path defaultDataDir(String userHome) {
    return Path.of(userHome, ".coachtrack", "data");
  }

  /**
   * Reads the parsed arguments. The token is {@code --token}, else {@code COACHTRACK_TOKEN}; the
   * coach is {@code --coach}, else {@code COACH_ID} from the environment, else the login name.
   *
   * @throws IllegalArgumentException with a sentence for the user when an argument is unusable
   */
  public static TranscribeOptions from(
      Namespace namespace, Map<String, String> env, String userName, String userHome) {
    String serverText = namespace.getString(TranscribeCommand.SERVER);
    URI server = serverText == null ? null : TranscribeClient.serverUri(serverText);
    TranscriptFormat format =
        TranscriptFormat.parse(namespace.getString(TranscribeCommand.FORMAT))
            .orElseThrow(
                () -> new IllegalArgumentException("--format must be txt, srt, vtt or json"));
    String token =
        firstNonBlank(namespace.getString(TranscribeCommand.TOKEN), env.get("COACHTRACK_TOKEN"));
    if (server != null && token == null) {
      throw new IllegalArgumentException(
          "--server needs your personal access token: --token TOKEN, or set COACHTRACK_TOKEN."
              + " Create one in the web app under Settings, or with POST /api/v1/tokens.");
    }
    String coach =
        firstNonBlank(namespace.getString(TranscribeCommand.COACH), env.get("COACH_ID"), userName);
    if (coach == null) {
      throw new IllegalArgumentException("Say who you are: --coach NAME (or set COACH_ID)");
    }
    String dataDirText = namespace.getString(TranscribeCommand.DATA_DIR);
    Path dataDir = dataDirText == null ? defaultDataDir(userHome) : Path.of(dataDirText);
    String engine = namespace.getString(TranscribeCommand.ENGINE);
    return new TranscribeOptions(
        Path.of(namespace.getString(TranscribeCommand.FILE)),
        server,
        format,
        token == null ? null : token.strip(),
        coach.strip(),
        namespace.getString(TranscribeCommand.TITLE),
        Boolean.TRUE.equals(namespace.getBoolean(TranscribeCommand.PLAIN)),
        dataDir,
        blankToNull(engine),
        blankToNull(namespace.getString(TranscribeCommand.SESSION)));
  }

  /** The engine the embedded application runs: the one asked for, else {@code auto}. */
  public String embeddedEngine() {
    return engine == null ? "auto" : engine;
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return null;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
