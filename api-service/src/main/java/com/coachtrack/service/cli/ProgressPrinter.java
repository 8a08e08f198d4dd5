package com.coachtrack.service.cli;

import java.io.PrintStream;

/**
 * Where progress goes. On a terminal one line is redrawn in place with {@code \r}; anywhere else (a
 * pipe, a log file, a test) each new state is a line of its own, printed only when it changed.
 * Thread-safe, and it can be muted so a Ctrl-C question is not overwritten by the next redraw.
 */
public final class ProgressPrinter {
  private final PrintStream out;
  private final boolean redraw;
  private final boolean unicode;
  private final int width;
  private String last = "";
  private boolean lineOpen;
  private boolean muted;

  /**
   * @param redraw redraw one line with {@code \r} (a terminal), else print each change on a new
   *     line
   * @param unicode block characters for the bar, else {@code #} and {@code -}
   * @param width the terminal's columns (lines are cut to one less so they never wrap); 0 for no
   *     limit
   */
  public ProgressPrinter(PrintStream out, boolean redraw, boolean unicode, int width) {
    this.out = out;
    this.redraw = redraw;
    this.unicode = unicode;
    this.width = width;
  }

  /** True on a terminal, where one line is redrawn in place. */
  public boolean redraws() {
    return redraw;
  }

  public boolean unicode() {
    return unicode;
  }

  /**
   * The longest line that fits: one column is left free, as some terminals wrap on the last one.
   */
  public int lineWidth() {
    return width <= 0 ? 0 : Math.max(20, width - 1);
  }

  /** Shows a new state of the progress line. */
  public synchronized void update(String line) {
    if (muted || line.equals(last)) {
      return;
    }
    if (redraw) {
      int pad = Math.max(0, last.length() - line.length());
      out.print("\r" + line + " ".repeat(pad));
      lineOpen = true;
    } else {
      out.println(line);
    }
    out.flush();
    last = line;
  }

  /**
   * A message of its own (a notice, a result): ends the progress line first so neither overwrites
   * the other.
   */
  public synchronized void message(String text) {
    if (muted) {
      return;
    }
    endLine();
    out.println(text);
    out.flush();
  }

  /** Ends the redrawn line, so whatever comes next starts on a fresh line. */
  public synchronized void endLine() {
    if (lineOpen) {
      out.println();
      lineOpen = false;
    }
    last = "";
  }

  /**
   * Stops all further output (the Ctrl-C prompt owns the terminal from now on); ends the open line.
   */
  public synchronized void mute() {
    endLine();
    out.flush();
    muted = true;
  }
}
