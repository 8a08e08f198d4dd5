package com.coachtrack.activities.audio;

import com.coachtrack.activities.failures.Failures;
import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.workflows.activities.AudioActivities;
import com.coachtrack.workflows.activities.ChunkPlan;
import com.coachtrack.workflows.activities.DecodedAudio;
import com.coachtrack.workflows.status.ErrorCode;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decodes uploads to PCM once and plans their chunks. */
public final class AudioActivitiesImpl implements AudioActivities {
  private static final Logger LOG = LoggerFactory.getLogger(AudioActivitiesImpl.class);

  private final BlobStore store;
  private final PcmDecoder decoder;

  public AudioActivitiesImpl(BlobStore store) {
    this(store, new PcmDecoder(Ffmpeg.locate()));
  }

  /**
   * @param maxLength the longest audio decoded ({@code MAX_AUDIO_HOURS}); anything after it is
   *     never written
   */
  public AudioActivitiesImpl(BlobStore store, Duration maxLength) {
    this(store, new PcmDecoder(Ffmpeg.locate(), maxLength));
  }

  public AudioActivitiesImpl(BlobStore store, PcmDecoder decoder) {
    this.store = store;
    this.decoder = decoder;
  }

  @Override
  public DecodedAudio decode(String sessionId, String sourceKey) {
    String pcmKey = BlobStore.pcmKey(sessionId);
    FrameLevels levels;
    try {
      if (store.exists(pcmKey)) {
        // A previous attempt decoded it before failing later; the PCM is only stored once complete.
        LOG.info("Session {}: reusing the decoded audio", sessionId);
      } else {
        decodeInto(sessionId, sourceKey, pcmKey);
      }
      levels = FrameLevels.read(store.localCopy(pcmKey));
    } catch (AudioRejectedException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), e.code().failureType());
    } catch (IOException e) {
      throw Failures.storage("Could not decode the recording of session " + sessionId, e);
    }
    double speech = SilenceChunker.speechSeconds(levels);
    if (speech < SilenceChunker.MIN_SPEECH_SECONDS) {
      throw ApplicationFailure.newNonRetryableFailure(
          String.format(
              Locale.ROOT,
              "No speech was found in the recording: its %.1f s are silent or nearly silent throughout.",
              levels.durationSeconds()),
          ErrorCode.NO_SPEECH.failureType());
    }
    LOG.info(
        "Session {}: {} s of audio, about {} s of it speech",
        sessionId,
        Math.round(levels.durationSeconds()),
        Math.round(speech));
    return new DecodedAudio(pcmKey, levels.durationSeconds());
  }

  private void decodeInto(String sessionId, String sourceKey, String pcmKey)
      throws IOException, AudioRejectedException {
    Path source = store.localCopy(sourceKey);
    // Next to the source, so that storing it is a rename on local storage; never visible
    // half-written.
    Path partial =
        Files.createTempFile(source.toAbsolutePath().getParent(), "audio-", ".pcm.partial");
    try {
      long started = System.nanoTime();
      double seconds =
          decoder.decode(source, partial, () -> Activity.getExecutionContext().heartbeat(null));
      LOG.info(
          "Session {}: decoded {} s of audio in {} ms",
          sessionId,
          Math.round(seconds),
          (System.nanoTime() - started) / 1_000_000);
      if (seconds * 1000 >= decoder.maxLength().toMillis()) {
        // The upload's probe measured the file as within the limit, so ffmpeg decoded more than it
        // read there (a file built to disagree with itself); the rest is not transcribed.
        LOG.warn(
            "Session {}: decoding stopped at the limit of {} s; anything after it is left out",
            sessionId,
            decoder.maxLength().toSeconds());
      }
      store.put(pcmKey, partial);
    } finally {
      Files.deleteIfExists(partial);
    }
  }

  @Override
  public List<ChunkPlan> planChunks(String pcmKey, double durationSeconds) {
    try {
      List<ChunkPlan> plan = SilenceChunker.plan(FrameLevels.read(store.localCopy(pcmKey)));
      LOG.info("{}: {} chunks for {} s", pcmKey, plan.size(), Math.round(durationSeconds));
      return plan;
    } catch (IOException e) {
      throw Failures.storage("Could not read the decoded audio " + pcmKey, e);
    }
  }
}
