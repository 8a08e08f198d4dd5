package com.coachtrack.activities.engine;

/**
 * What an engine tells its caller about its position when its reads of the audio do not. Engines
 * that stream the audio as they recognise it (pocketsphinx, Sphinx4) need not call it: the caller
 * counts what they read. An engine that takes a whole piece at once and answers only when it is
 * done (a speech server over HTTP, whisper in process) says so with {@link #waiting}, and the
 * caller moves the position on the engine's learned pace meanwhile, then on to where {@link
 * #reached} puts it.
 */
public interface EngineProgress {

  /** For callers that measure the position themselves. */
  EngineProgress NONE =
      new EngineProgress() {
        @Override
        public void reached(double recordingSeconds) {}

        @Override
        public void waiting(double fromSeconds, double toSeconds) {}
      };

  /** The engine has finished everything before this point, in seconds of the recording. */
  void reached(double recordingSeconds);

  /**
   * The engine works on {@code [fromSeconds, toSeconds]} of the recording and says nothing until it
   * is done. While it waits it is not stuck: what bounds the wait is the engine's own timeout (a
   * speech server's request) or the chunk activity's.
   */
  void waiting(double fromSeconds, double toSeconds);
}
