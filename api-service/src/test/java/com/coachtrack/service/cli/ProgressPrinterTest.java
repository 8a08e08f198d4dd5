package com.coachtrack.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressPrinterTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void onATerminalOneLineIsRedrawnAndShorterLinesClearTheRest() {
    ProgressPrinter printer = new ProgressPrinter(out, true, true, 80);
    printer.update("[#---] 10 %  long message");
    printer.update("[##--] 20 %  short");
    printer.message("Transcript written to x.srt");
    assertThat(text())
        .isEqualTo(
            "\r[#---] 10 %  long message\r[##--] 20 %  short       \nTranscript written to x.srt\n");
  }

  @Test
  void elsewhereEachChangeIsALineAndRepeatsAreSkipped() {
    ProgressPrinter printer = new ProgressPrinter(out, false, false, 0);
    printer.update("a");
    printer.update("a");
    printer.update("b");
    printer.message("done");
    assertThat(text()).isEqualTo("a\nb\ndone\n");
    assertThat(printer.lineWidth()).isZero();
  }

  @Test
  void mutedPrintsNothingMore() {
    ProgressPrinter printer = new ProgressPrinter(out, true, false, 40);
    printer.update("working");
    printer.mute();
    printer.update("more");
    printer.message("hidden");
    assertThat(text()).isEqualTo("\rworking\n");
    assertThat(printer.lineWidth()).isEqualTo(39);
  }
}
