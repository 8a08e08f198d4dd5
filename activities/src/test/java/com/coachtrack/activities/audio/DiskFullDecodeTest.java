package com.coachtrack.activities.audio;

import static com.coachtrack.activities.testing.ActivityFailures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.activities.storage.LocalBlobStore;
import com.coachtrack.activities.testing.TestAudio;
import com.coachtrack.activities.testing.Tmpfs;
import com.coachtrack.workflows.activities.AudioActivities;
import com.coachtrack.workflows.activities.DecodedAudio;
import com.coachtrack.workflows.status.ErrorCode;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Decoding onto a disk that fills up, on a real 4 MB tmpfs: the server's problem, reported as a
 * retryable storage error, never as a damaged recording (which would tell the coach to give up on a
 * good file).
 */
class DiskFullDecodeTest {
  private static final String SESSION = "7f9c1f8e-0000-4000-8000-00000000d15c";

  private Tmpfs disk;
  private TestActivityEnvironment environment;

  @BeforeEach
  void mount() {
    disk = Tmpfs.mount(4L * 1024 * 1024).orElse(null);
    assumeTrue(disk != null, "mounting a tmpfs needs root");
  }

  @AfterEach
  void unmount() throws IOException {
    if (environment != null) {
      environment.close();
    }
    if (disk != null) {
      disk.close();
    }
  }

  @Test
  void theDecoderSaysTheDiskIsFullNotThatTheRecordingIsDamaged() {
    Path output = disk.dir().resolve("out.pcm");
    disk.fillLeaving(256 * 1024); // librivox.wav decodes to 790 KB

    Throwable thrown =
        catchThrowable(
            () ->
                new PcmDecoder(Ffmpeg.locate())
                    .decode(TestAudio.file("librivox.wav"), output, () -> {}));

    assertThat(thrown)
        .isInstanceOf(FileSystemException.class)
        .isNotInstanceOf(AudioRejectedException.class)
        .hasMessageContaining("No space left on device");
    assertThat(output).doesNotExist();
  }

  @Test
  void aDecodeActivityOnAFullDiskIsARetryableStorageErrorThatARetryGetsPast() throws IOException {
    LocalBlobStore store = new LocalBlobStore(disk.dir());
    Path upload = Files.copy(TestAudio.file("librivox.wav"), disk.dir().resolve("upload.tmp"));
    store.put(BlobStore.uploadKey(SESSION), upload);
    Path filler = disk.fillLeaving(256 * 1024);
    AudioActivities activities = activities(store);

    ApplicationFailure failure =
        failure(
            () -> activities.decode(SESSION, BlobStore.uploadKey(SESSION)),
            ErrorCode.STORAGE_ERROR,
            false);

    assertThat(failure.getOriginalMessage()).contains("No space left on device");
    assertThat(store.exists(BlobStore.pcmKey(SESSION))).isFalse();
    try (Stream<Path> left = Files.list(disk.dir().resolve("sessions").resolve(SESSION))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("upload");
    }

    // Once there is room again, the same recording decodes: it was never damaged.
    Files.delete(filler);
    DecodedAudio decoded = activities.decode(SESSION, BlobStore.uploadKey(SESSION));
    assertThat(decoded.durationSeconds()).isGreaterThan(24);
  }

  private AudioActivities activities(LocalBlobStore store) {
    environment = TestActivityEnvironment.newInstance();
    environment.registerActivitiesImplementations(new AudioActivitiesImpl(store));
    return environment.newActivityStub(
        AudioActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }
}
