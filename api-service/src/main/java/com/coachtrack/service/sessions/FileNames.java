package com.coachtrack.service.sessions;

/** A client's file name is only ever a label: path parts and control characters are dropped. */
public final class FileNames {
  private static final int MAX_CHARS = 200;

  private FileNames() {}

  public static String safe(String name) {
    if (name == null) {
      return "recording";
    }
    String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    String cleaned = base.replaceAll("[\\p{Cntrl}]", "").strip();
    if (cleaned.isEmpty() || cleaned.equals(".") || cleaned.equals("..")) {
      return "recording";
    }
    return cleaned.length() > MAX_CHARS ? cleaned.substring(0, MAX_CHARS) : cleaned;
  }

  /** The coach's title, else the file name without its extension. */
  public static String title(String title, String filename) {
    if (title != null && !title.isBlank()) {
      String cleaned = title.replaceAll("[\\p{Cntrl}]", " ").strip();
      return cleaned.length() > 300 ? cleaned.substring(0, 300) : cleaned;
    }
    int dot = filename.lastIndexOf('.');
    return dot > 0 ? filename.substring(0, dot) : filename;
  }
}
