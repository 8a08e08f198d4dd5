package com.coachtrack.activities.audio;

import static com.coachtrack.activities.testing.ActivityFailures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.activities.storage.LocalBlobStore;
import com.coachtrack.activities.testing.TestAudio;
import com.coachtrack.workflows.activities.AudioActivities;
import com.coachtrack.workflows.activities.ChunkPlan;
import com.coachtrack.workflows.activities.DecodedAudio;
import com.coachtrack.workflows.status.ErrorCode;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioActivitiesImplTest {
  private static final String SESSION = "7f9c1f8e-0000-4000-8000-000000000001";

  @TempDir Path root;

  private TestActivityEnvironment environment;
  private LocalBlobStore store;
  private AudioActivities activities;

  @BeforeEach
  void setUp() {
    store = new LocalBlobStore(root);
    environment = TestActivityEnvironment.newInstance();
    environment.registerActivitiesImplementations(new AudioActivitiesImpl(store));
    activities =
        environment.newActivityStub(
            AudioActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());
  }

  @AfterEach
  void tearDown() {
    environment.close();
  }

  private String upload(String sharedFile) throws IOException {
    Path file = Files.createTempFile(root, "upload-", ".tmp");
    Files.copy(TestAudio.file(sharedFile), file, StandardCopyOption.REPLACE_EXISTING);
    store.put(BlobStore.uploadKey(SESSION), file);
    return BlobStore.uploadKey(SESSION);
  }

  @Test
  void decodesTheUploadToStoredPcmAndMeasuresIt() throws IOException {
    String uploadKey = upload("coaching.mp3");

    DecodedAudio decoded = activities.decode(SESSION, uploadKey);

    assertThat(decoded.pcmKey()).isEqualTo(BlobStore.pcmKey(SESSION));
    assertThat(decoded.durationSeconds()).isCloseTo(80.7, within(0.2));
    Path pcm = store.localCopy(decoded.pcmKey());
    assertThat(Files.size(pcm))
        .isEqualTo(Math.round(decoded.durationSeconds() * DecodedAudio.BYTES_PER_SECOND));
    try (var files = Files.list(pcm.getParent())) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("upload", "audio.pcm");
    }
  }

  @Test
  void reusesPcmDecodedByAnEarlierAttempt() throws IOException {
    String uploadKey = upload("librivox.wav");
    DecodedAudio first = activities.decode(SESSION, uploadKey);
    // Proof that the second attempt does not decode again: the upload is gone.
    Files.delete(store.localCopy(uploadKey));

    DecodedAudio second = activities.decode(SESSION, uploadKey);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void silenceIsNoSpeech() throws IOException {
    String uploadKey = upload("bad/silence-30s.wav");

    ApplicationFailure failure =
        failure(() -> activities.decode(SESSION, uploadKey), ErrorCode.NO_SPEECH, true);

    assertThat(failure.getOriginalMessage()).contains("No speech was found");
  }

  @Test
  void truncatedRecordingIsCorrupt() throws IOException {
    String uploadKey = upload("bad/truncated.m4a");

    failure(() -> activities.decode(SESSION, uploadKey), ErrorCode.CORRUPT_AUDIO, true);
    assertThat(store.exists(BlobStore.pcmKey(SESSION))).isFalse();
  }

  @Test
  void missingUploadIsARetryableStorageError() {
    failure(
        () -> activities.decode(SESSION, BlobStore.uploadKey(SESSION)),
        ErrorCode.STORAGE_ERROR,
        false);
  }

  @Test
  void plansChunksFromTheStoredPcm() throws IOException {
    DecodedAudio decoded = activities.decode(SESSION, upload("coaching.wav"));

    List<ChunkPlan> plan = activities.planChunks(decoded.pcmKey(), decoded.durationSeconds());

    assertThat(plan).hasSizeBetween(2, 4);
    assertThat(plan.get(0).startSeconds()).isZero();
    assertThat(plan.get(plan.size() - 1).endSeconds()).isEqualTo(decoded.durationSeconds());
    assertThat(FrameLevels.read(store.localCopy(decoded.pcmKey())).durationSeconds())
        .isEqualTo(decoded.durationSeconds());
  }

  @Test
  void planningWithoutPcmIsARetryableStorageError() {
    failure(
        () -> activities.planChunks(BlobStore.pcmKey(SESSION), 10), ErrorCode.STORAGE_ERROR, false);
  }

  @Test
  void decodesNoMoreThanTheConfiguredLength() throws IOException {
    environment.close();
    environment = TestActivityEnvironment.newInstance();
    environment.registerActivitiesImplementations(
        new AudioActivitiesImpl(store, Duration.ofSeconds(5)));
    AudioActivities capped =
        environment.newActivityStub(
            AudioActivities.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2))
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .build());

    DecodedAudio decoded = capped.decode(SESSION, upload("coaching.mp3"));

    assertThat(decoded.durationSeconds()).isEqualTo(5.0);
    assertThat(Files.size(store.localCopy(decoded.pcmKey())))
        .isEqualTo(5L * DecodedAudio.BYTES_PER_SECOND);
  }
}
