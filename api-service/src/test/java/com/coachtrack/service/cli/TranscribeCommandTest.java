package com.coachtrack.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.coachtrack.service.TranscriptionApplication;
import com.coachtrack.service.transcripts.TranscriptFormat;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import net.sourceforge.argparse4j.ArgumentParsers;
import net.sourceforge.argparse4j.inf.ArgumentParser;
import net.sourceforge.argparse4j.inf.ArgumentParserException;
import net.sourceforge.argparse4j.inf.Namespace;
import net.sourceforge.argparse4j.inf.Subparser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code transcribe} command: its arguments, and a run with the server embedded in the process.
 */
class TranscribeCommandTest {
  @TempDir Path dir;

  private static Namespace parse(String... args) throws ArgumentParserException {
    ArgumentParser parser = ArgumentParsers.newFor("api-service.jar").build();
    Subparser subparser = parser.addSubparsers().addParser("transcribe");
    new TranscribeCommand(TranscriptionApplication::new).configure(subparser);
    String[] all = new String[args.length + 1];
    all[0] = "transcribe";
    System.arraycopy(args, 0, all, 1, args.length);
    return parser.parseArgs(all);
  }

  @Test
  void defaultsAreTxtEmbeddedAutoAndTheLoginName() throws Exception {
    TranscribeOptions options =
        TranscribeOptions.from(parse("talk.mp3"), Map.of(), "ana", "/home/ana");
    assertThat(options.file()).isEqualTo(Path.of("talk.mp3"));
    assertThat(options.server()).isNull();
    assertThat(options.format()).isEqualTo(TranscriptFormat.TXT);
    assertThat(options.coach()).isEqualTo("ana");
    assertThat(options.title()).isNull();
    assertThat(options.plain()).isFalse();
    assertThat(options.dataDir()).isEqualTo(Path.of("/home/ana/.coachtrack/data"));
    assertThat(options.engine()).as("the server's default").isNull();
    assertThat(options.embeddedEngine()).isEqualTo("auto");
    assertThat(options.session()).isNull();
  }

  @Test
  void everyOptionIsRead() throws Exception {
    TranscribeOptions options =
        TranscribeOptions.from(
            parse(
                "talk.mp3",
                "--server",
                "localhost:8080",
                "--token",
                "ct_from_flag",
                "--format",
                "srt",
                "--coach",
                "ben",
                "--title",
                "Session with Ben",
                "--plain",
                "--data-dir",
                "/tmp/d",
                "--engine",
                "sphinx4",
                "--session",
                "abc"),
            Map.of("COACH_ID", "from-env", "COACHTRACK_TOKEN", "ct_from_env"),
            "ana",
            "/home/ana");
    assertThat(options.server()).isEqualTo(URI.create("http://localhost:8080"));
    assertThat(options.token()).isEqualTo("ct_from_flag");
    assertThat(options.format()).isEqualTo(TranscriptFormat.SRT);
    assertThat(options.coach()).isEqualTo("ben");
    assertThat(options.title()).isEqualTo("Session with Ben");
    assertThat(options.plain()).isTrue();
    assertThat(options.dataDir()).isEqualTo(Path.of("/tmp/d"));
    assertThat(options.engine()).isEqualTo("sphinx4");
    assertThat(options.session()).isEqualTo("abc");
  }

  @Test
  void aServerNeedsAToken() throws Exception {
    assertThat(
            TranscribeOptions.from(
                    parse("a.mp3", "--server", "localhost:8080"),
                    Map.of("COACHTRACK_TOKEN", "ct_env"),
                    "ana",
                    "/h")
                .token())
        .isEqualTo("ct_env");
    assertThatThrownBy(
            () ->
                TranscribeOptions.from(
                    parse("a.mp3", "--server", "localhost:8080"), Map.of(), "ana", "/h"))
        .hasMessageContaining("--token")
        .hasMessageContaining("COACHTRACK_TOKEN");
    assertThat(TranscribeOptions.from(parse("a.mp3"), Map.of(), "ana", "/h").token())
        .as("the embedded server needs none")
        .isNull();
  }

  @Test
  void coachComesFromTheEnvironmentBeforeTheLoginName() throws Exception {
    assertThat(
            TranscribeOptions.from(parse("a.mp3"), Map.of("COACH_ID", "carla"), "ana", "/h")
                .coach())
        .isEqualTo("carla");
    assertThatThrownBy(() -> TranscribeOptions.from(parse("a.mp3"), Map.of(), null, "/h"))
        .hasMessageContaining("--coach");
  }

  @Test
  void unknownFormatsAndMissingFilesAreUsageErrors() {
    assertThatThrownBy(() -> parse("a.mp3", "--format", "docx"))
        .isInstanceOf(ArgumentParserException.class);
    assertThatThrownBy(() -> parse()).isInstanceOf(ArgumentParserException.class);
    assertThatThrownBy(
            () ->
                TranscribeOptions.from(
                    parse("a.mp3", "--server", "ftp://x", "--token", "ct_x"), Map.of(), "a", "/h"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMissingFileIsRefusedBeforeAnyServerStarts() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    TranscribeOptions options =
        TranscribeOptions.from(
            parse(
                dir.resolve("missing.mp3").toString(),
                "--data-dir",
                dir.resolve("data").toString()),
            Map.of(),
            "ana",
            "/h");
    int code =
        new TranscribeCommand(TranscriptionApplication::new)
            .execute(
                options,
                new ProgressPrinter(new PrintStream(new ByteArrayOutputStream()), false, false, 0),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Duration.ofMillis(300));
    assertThat(code).isEqualTo(TranscribeClient.REJECTED);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("No such file");
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void embeddedRunStartsTheWholeAppInProcessTranscribesAndStopsIt() throws Exception {
    Path input = CliTestApps.copy("librivox.wav", dir);
    Path dataDir = dir.resolve("data");
    TranscribeOptions options =
        TranscribeOptions.from(
            parse(input.toString(), "--data-dir", dataDir.toString(), "--format", "vtt"),
            Map.of(),
            "ana",
            "/h");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        new TranscribeCommand(TranscriptionApplication::new)
            .execute(
                options,
                new ProgressPrinter(
                    new PrintStream(out, true, StandardCharsets.UTF_8), false, false, 0),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Duration.ofMillis(300));

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(code)
        .as("out:%n%s%nerr:%n%s", printed, err.toString(StandardCharsets.UTF_8))
        .isZero();
    assertThat(printed)
        .contains("Starting the transcription server inside this command")
        .containsPattern("to http://127\\.0\\.0\\.1:\\d+ as coach ana")
        .contains("100.0 %");
    assertThat(Files.readString(dir.resolve("librivox.vtt"))).startsWith("WEBVTT");
    assertThat(dataDir.resolve("postgres")).isDirectory();
    assertThat(dataDir.resolve("logs/embedded-server.log")).exists();
  }

  @Test
  void embeddedWhisperWithoutAModelStopsWithTheVariableToSet() throws Exception {
    Path input = CliTestApps.copy("librivox.wav", dir);
    TranscribeOptions options =
        TranscribeOptions.from(
            parse(
                input.toString(),
                "--data-dir",
                dir.resolve("data").toString(),
                "--engine",
                "whisper"),
            Map.of(),
            "ana",
            "/h");
    assertThat(System.getenv("WHISPER_MODEL")).as("this test needs no model set").isNull();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        new TranscribeCommand(TranscriptionApplication::new)
            .execute(
                options,
                new ProgressPrinter(new PrintStream(new ByteArrayOutputStream()), false, false, 0),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Duration.ofMillis(300));

    assertThat(code).isEqualTo(TranscribeClient.UNREACHABLE);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("WHISPER_MODEL");
    assertThat(dir.resolve("librivox.txt")).doesNotExist();
  }
}
