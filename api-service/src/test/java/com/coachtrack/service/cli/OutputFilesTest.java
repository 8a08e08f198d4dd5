package com.coachtrack.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
  @TempDir Path dir;

  @Test
  void writesBesideTheInputAndNeverOverwrites() throws Exception {
    Path input = dir.resolve("session.mp3");
    Files.writeString(input, "audio");
    Path first = OutputFiles.writeBeside(input, "srt", stream("one"));
    Path second = OutputFiles.writeBeside(input, "srt", stream("two"));
    Path third = OutputFiles.writeBeside(input, "srt", stream("three"));
    assertThat(first).isEqualTo(dir.resolve("session.srt"));
    assertThat(second).isEqualTo(dir.resolve("session-1.srt"));
    assertThat(third).isEqualTo(dir.resolve("session-2.srt"));
    assertThat(Files.readString(first)).isEqualTo("one");
    assertThat(Files.readString(third)).isEqualTo("three");
  }

  @Test
  void theInputItselfIsNeverReplaced() throws Exception {
    Path input = dir.resolve("notes.txt");
    Files.writeString(input, "the recording");
    assertThat(OutputFiles.writeBeside(input, "txt", stream("transcript")))
        .isEqualTo(dir.resolve("notes-1.txt"));
    assertThat(Files.readString(input)).isEqualTo("the recording");
  }

  @Test
  void baseNameDropsOnlyTheLastExtension() {
    assertThat(OutputFiles.baseName(Path.of("/a/talk.2024.mp3"))).isEqualTo("talk.2024");
    assertThat(OutputFiles.baseName(Path.of("recording"))).isEqualTo("recording");
    assertThat(OutputFiles.baseName(Path.of(".hidden"))).isEqualTo(".hidden");
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
