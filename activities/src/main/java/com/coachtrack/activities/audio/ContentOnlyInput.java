package com.coachtrack.activities.audio;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An untrusted file as ffmpeg should see it: through a link with a neutral name, and only through
 * demuxers of audio (and audio-carrying video) containers. ffmpeg weighs the file name's extension
 * when guessing the format, so a text file called {@code .mp3} or a recording uploaded without an
 * extension would otherwise be judged differently; through the link only the content counts, and
 * the probe at upload and the decode later (of the extension-less stored upload) reach the same
 * verdict. The demuxer list keeps playlist and concat formats out: an uploaded playlist could
 * otherwise make ffmpeg read other files on this machine, such as other coaches' recordings.
 */
final class ContentOnlyInput implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ContentOnlyInput.class);

  /**
   * ffmpeg matches each name against a demuxer's name list, so "mov" also admits mp4, m4a and 3gp.
   */
  static final String AUDIO_DEMUXERS =
      "wav,w64,mp3,aac,mov,ogg,flac,matroska,aiff,amr,amrnb,amrwb,asf,caf,au,avi,ac3,eac3,wv,ape,tta,mpc,mpc8,"
          + "flv,mpeg,mpegts,dts,truehd,mlp,voc,gsm,sox,ircam,nistsphere";

  private final Path path;
  private final Path linkDir;

  private ContentOnlyInput(Path path, Path linkDir) {
    this.path = path;
    this.linkDir = linkDir;
  }

  static ContentOnlyInput of(Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = Files.createTempDirectory("ffmpeg-input-");
    try {
      return new ContentOnlyInput(Files.createSymbolicLink(dir.resolve("input"), target), dir);
    } catch (UnsupportedOperationException | FileSystemException e) {
      // Some file systems have no symbolic links; the extension then only nudges ffmpeg's guess.
      LOG.debug("Cannot link {} under a neutral name, using it directly", target, e);
      Files.deleteIfExists(dir);
      return new ContentOnlyInput(target, null);
    }
  }

  /**
   * The input as ffmpeg names it: prefixed so that a name with a colon is never taken for a
   * protocol.
   */
  String url() {
    return "file:" + path;
  }

  /** ffmpeg's input options and input, to be placed before the output options. */
  List<String> inputArguments() {
    return List.of("-format_whitelist", AUDIO_DEMUXERS, "-i", url());
  }

  @Override
  public void close() throws IOException {
    if (linkDir != null) {
      Files.deleteIfExists(path);
      Files.deleteIfExists(linkDir);
    }
  }
}
