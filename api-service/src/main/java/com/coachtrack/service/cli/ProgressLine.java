package com.coachtrack.service.cli;

import java.util.Locale;

/**
 * Formats the one line the command redraws while it waits: {@code [██████░░░░░░░░] 42.3 % About 4
 * minutes left processing}. Pure: no I/O, no clock, so every shape of it is unit tested.
 */
public final class ProgressLine {
  /**
   * Cells in the bar: fine enough to move visibly every 5 %, short enough for an 80-column
   * terminal.
   */
  public static final int BAR_CELLS = 20;

  private static final char FULL = '\u2588';
  private static final char EMPTY = '\u2591';
  private static final String ELLIPSIS_UNICODE = "\u2026";
  private static final String ELLIPSIS_ASCII = "...";

  private ProgressLine() {}

  /** The status line for one poll, cut to {@code maxWidth} characters so a redraw never wraps. */
  public static String render(StatusUpdate update, boolean unicode, int maxWidth) {
    StringBuilder line = new StringBuilder(bar(update.progress(), BAR_CELLS, unicode));
    line.append(' ').append(percent(update.progress()));
    if (update.message() != null && !update.message().isBlank()) {
      line.append("  ").append(update.message().strip());
    }
    line.append("  ").append(label(update));
    return fit(line.toString(), maxWidth, unicode);
  }

  /** The line shown while the recording is sent: bytes so far of the whole, as a bar too. */
  public static String upload(long sent, long total, boolean unicode, int maxWidth) {
    double percent = total <= 0 ? 100.0 : Math.min(100.0, sent * 100.0 / total);
    String line =
        bar(percent, BAR_CELLS, unicode)
            + ' '
            + percent(percent)
            + "  Uploading  "
            + size(Math.min(sent, Math.max(total, 0)))
            + " of "
            + size(total);
    return fit(line, maxWidth, unicode);
  }

  /**
   * {@code [████░░░░]} with {@code cells} cells; ASCII {@code [####----]} when the terminal cannot
   * show block characters. A cell is full only when its whole share is done, so 99.9 % never looks
   * finished.
   */
  public static String bar(double percent, int cells, boolean unicode) {
    double clamped = Double.isNaN(percent) ? 0 : Math.max(0, Math.min(100, percent));
    int full = (int) Math.floor(clamped * cells / 100.0 + 1e-9);
    StringBuilder bar = new StringBuilder(cells + 2).append('[');
    for (int i = 0; i < cells; i++) {
      bar.append(i < full ? (unicode ? FULL : '#') : (unicode ? EMPTY : '-'));
    }
    return bar.append(']').toString();
  }

  /**
   * {@code " 42.3 %"}, {@code "100.0 %"}: one decimal, right-aligned so the text after it does not
   * jump.
   */
  public static String percent(double percent) {
    double clamped = Double.isNaN(percent) ? 0 : Math.max(0, Math.min(100, percent));
    // Never round up to a finished look: 99.96 shows as 99.9, not 100.0.
    double floored = Math.floor(clamped * 10 + 1e-9) / 10;
    return String.format(Locale.ROOT, "%5.1f %%", floored);
  }

  /** "773 KB", "12.3 MB", "1.2 GB": what a person compares with the file manager. */
  public static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return Math.round(bytes / 1024.0) + " KB";
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
    return String.format(Locale.ROOT, "%.1f GB", bytes / (1024.0 * 1024 * 1024));
  }

  /** The state word at the end of the line; a slow or stalled run says so there too. */
  static String label(StatusUpdate update) {
    String status = update.status() == null ? "unknown" : update.status();
    if (update.stalled()) {
      return status + ", stalled";
    }
    if (update.isSlow()) {
      return status + ", slower than usual";
    }
    return status;
  }

  /** Cuts a line to {@code maxWidth} characters, marking the cut. */
  static String fit(String line, int maxWidth, boolean unicode) {
    if (maxWidth <= 0 || line.length() <= maxWidth) {
      return line;
    }
    String ellipsis = unicode ? ELLIPSIS_UNICODE : ELLIPSIS_ASCII;
    if (maxWidth <= ellipsis.length()) {
      return line.substring(0, maxWidth);
    }
    return line.substring(0, maxWidth - ellipsis.length()) + ellipsis;
  }
}
