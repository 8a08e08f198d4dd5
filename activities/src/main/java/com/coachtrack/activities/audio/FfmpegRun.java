package com.coachtrack.activities.audio;

/**
 * What one ffmpeg run printed. Both outputs are capped (head and tail kept) because a badly damaged
 * file can make ffmpeg print an error line per frame for hours of audio.
 */
public record FfmpegRun(int exitCode, String stdout, String stderr) {

  public boolean succeeded() {
    return exitCode == 0;
  }
}
