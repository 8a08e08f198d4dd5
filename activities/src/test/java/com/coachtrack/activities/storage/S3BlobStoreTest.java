package com.coachtrack.activities.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.coachtrack.activities.audio.AudioActivitiesImpl;
import com.coachtrack.activities.testing.TestAudio;
import com.coachtrack.workflows.activities.AudioActivities;
import com.coachtrack.workflows.activities.DecodedAudio;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against S3Proxy, an S3 server in this JVM over jclouds' in-memory blob store, with SigV4
 * authentication.
 */
class S3BlobStoreTest {
  private static final String ACCESS_KEY = "coachtrack";
  private static final String SECRET_KEY = "coachtrack-secret";
  private static final String REGION = "us-east-1";

  private static BlobStoreContext backend;
  private static S3Proxy server;
  private static URI endpoint;

  @TempDir Path work;

  private final List<S3BlobStore> stores = new ArrayList<>();
  private String bucket;
  private S3BlobStore store;

  @BeforeAll
  static void startServer() throws Exception {
    backend =
        ContextBuilder.newBuilder("transient")
            .credentials("unused", "unused")
            .build(BlobStoreContext.class);
    server =
        S3Proxy.builder()
            .blobStore(backend.getBlobStore())
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .endpoint(URI.create("http://127.0.0.1:0"))
            .build();
    server.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"STARTED".equals(server.getState())) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Proxy did not start: " + server.getState());
      }
      Thread.sleep(10);
    }
    endpoint = URI.create("http://127.0.0.1:" + server.getPort());
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (server != null) {
      server.stop();
    }
    if (backend != null) {
      backend.close();
    }
  }

  @BeforeEach
  void setUp() throws IOException {
    bucket = "test-" + UUID.randomUUID().toString().substring(0, 8);
    store = newStore("worker-a");
  }

  @AfterEach
  void tearDown() {
    stores.forEach(S3BlobStore::close);
  }

  /** Another process's view of the same bucket: its own client and an empty cache of its own. */
  private S3BlobStore newStore(String cacheName) throws IOException {
    S3BlobStore created =
        new S3BlobStore(
            endpoint, REGION, bucket, ACCESS_KEY, SECRET_KEY, true, work.resolve(cacheName));
    stores.add(created);
    return created;
  }

  private Path file(String name, byte[] content) throws IOException {
    Path dir = Files.createDirectories(work.resolve("incoming"));
    return Files.write(dir.resolve(name), content);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void putUploadsAndKeepsTheFileAsTheLocalCopy() throws IOException {
    Path upload = file("upload.tmp", bytes("first recording"));

    store.put("sessions/a/upload", upload);

    assertThat(upload).doesNotExist();
    Path copy = store.localCopy("sessions/a/upload");
    assertThat(copy)
        .isEqualTo(store.cacheDir().resolve("sessions/a/upload"))
        .hasBinaryContent(bytes("first recording"));
    assertThat(backend.getBlobStore().blobExists(bucket, "sessions/a/upload")).isTrue();
  }

  @Test
  void anotherStoreDownloadsOnceIntoItsOwnCache() throws IOException {
    store.put("sessions/a/upload", file("upload.tmp", bytes("shared between workers")));
    S3BlobStore other = newStore("worker-b");

    Path copy = other.localCopy("sessions/a/upload");

    assertThat(copy).startsWith(other.cacheDir()).hasBinaryContent(bytes("shared between workers"));
    try (var files = Files.list(copy.getParent())) {
      assertThat(files).containsExactly(copy); // no partial download left behind
    }
    // The second call is served from the cache: the object is gone from the server by now.
    backend.getBlobStore().removeBlob(bucket, "sessions/a/upload");
    assertThat(other.localCopy("sessions/a/upload"))
        .isEqualTo(copy)
        .hasBinaryContent(bytes("shared between workers"));
  }

  @Test
  void aCachedCopyThatWentMissingIsDownloadedAgain() throws IOException {
    store.put("sessions/a/upload", file("upload.tmp", bytes("again")));
    Files.delete(store.localCopy("sessions/a/upload"));

    assertThat(store.localCopy("sessions/a/upload")).hasBinaryContent(bytes("again"));
  }

  @Test
  void putOfTheCachedFileItselfOnlyUploads() throws IOException {
    Path target = store.cacheDir().resolve("sessions/a/upload");
    Files.createDirectories(target.getParent());
    Files.write(target, bytes("in place"));

    store.put("sessions/a/upload", target);

    assertThat(target).hasBinaryContent(bytes("in place"));
    assertThat(newStore("worker-b").localCopy("sessions/a/upload"))
        .hasBinaryContent(bytes("in place"));
  }

  @Test
  void existsAsksTheServer() throws IOException {
    store.put("sessions/a/upload", file("upload.tmp", bytes("x")));

    assertThat(store.exists("sessions/a/upload")).isTrue();
    assertThat(newStore("worker-b").exists("sessions/a/upload")).isTrue();
    assertThat(store.exists("sessions/a/audio.pcm")).isFalse();
    assertThat(store.exists("sessions/b/upload")).isFalse();
  }

  @Test
  void missingKeyIsNoSuchFile() throws IOException {
    S3BlobStore other = newStore("worker-b");

    assertThatThrownBy(() -> other.localCopy("sessions/none/upload"))
        .isInstanceOf(NoSuchFileException.class)
        .hasMessageContaining("sessions/none/upload");
    try (var files = Files.walk(other.cacheDir())) {
      assertThat(files.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void deleteAllRemovesEveryKeyUnderThePrefixOnlyAcrossPages() throws IOException {
    store.listPageSize = 2;
    for (String key : List.of("upload", "audio.pcm", "chunks/0", "chunks/1", "transcript.json")) {
      store.put("sessions/a/" + key, file("f.tmp", bytes(key)));
    }
    store.put("sessions/ab/upload", file("f.tmp", bytes("neighbour")));
    store.put("sessions/b/upload", file("f.tmp", bytes("other")));
    S3BlobStore other = newStore("worker-b");
    Path otherCopy = other.localCopy("sessions/b/upload");

    store.deleteAll(BlobStore.sessionPrefix("a"));

    for (String key : List.of("upload", "audio.pcm", "chunks/0", "chunks/1", "transcript.json")) {
      assertThat(store.exists("sessions/a/" + key)).as(key).isFalse();
    }
    assertThat(store.cacheDir().resolve("sessions/a")).doesNotExist();
    assertThat(store.exists("sessions/ab/upload")).isTrue();
    assertThat(store.exists("sessions/b/upload")).isTrue();
    assertThat(store.localCopy("sessions/ab/upload")).hasBinaryContent(bytes("neighbour"));
    assertThat(otherCopy).hasBinaryContent(bytes("other"));
  }

  @Test
  void deleteAllOfNothingIsFine() throws IOException {
    store.deleteAll(BlobStore.sessionPrefix("nothing-here"));
  }

  @Test
  void largeFilesGoUpInPartsAndComeBackWhole() throws IOException {
    byte[] content = new byte[20 * 1024 * 1024 + 123];
    new Random(42).nextBytes(content);
    assertThat((long) content.length).isGreaterThan(S3BlobStore.PART_SIZE);
    Path original = Files.write(work.resolve("large.bin"), content);
    Path upload =
        Files.copy(
            original, Files.createDirectories(work.resolve("incoming")).resolve("large.tmp"));

    store.put("sessions/big/upload", upload);
    Path copy = newStore("worker-b").localCopy("sessions/big/upload");

    assertThat(Files.size(copy)).isEqualTo(content.length);
    assertThat(Files.mismatch(copy, original)).isEqualTo(-1L);
    assertThat(backend.getBlobStore().blobMetadata(bucket, "sessions/big/upload").getSize())
        .isEqualTo((long) content.length);
  }

  @Test
  void createsTheBucketOnceAndReusesIt() throws IOException {
    assertThat(backend.getBlobStore().containerExists(bucket)).isTrue();
    store.put("sessions/a/upload", file("upload.tmp", bytes("kept")));

    S3BlobStore again =
        S3BlobStore.connect(
            endpoint.toString(), REGION, bucket, ACCESS_KEY, SECRET_KEY, work.resolve("c"));
    stores.add(again);

    assertThat(again.bucket()).isEqualTo(bucket);
    assertThat(again.localCopy("sessions/a/upload")).hasBinaryContent(bytes("kept"));
  }

  @Test
  void wrongCredentialsAreAnIOException() {
    assertThatThrownBy(
            () ->
                new S3BlobStore(
                    endpoint, REGION, bucket, ACCESS_KEY, "wrong-secret", true, work.resolve("x")))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(bucket);
  }

  @Test
  void unreachableServerIsAnIOException() throws Exception {
    S3BlobStore reachable = store;
    server.stop();
    try {
      assertThatThrownBy(() -> reachable.exists("sessions/a/upload"))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> reachable.localCopy("sessions/a/upload"))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> reachable.put("sessions/a/upload", file("u.tmp", bytes("x"))))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> reachable.deleteAll("sessions/a/")).isInstanceOf(IOException.class);
    } finally {
      restart();
    }
  }

  private static void restart() throws Exception {
    // S3Proxy cannot start twice: a new one on the same port, over the same in-memory back end.
    int port = endpoint.getPort();
    server =
        S3Proxy.builder()
            .blobStore(backend.getBlobStore())
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
            .endpoint(URI.create("http://127.0.0.1:" + port))
            .build();
    server.start();
    while (!"STARTED".equals(server.getState())) {
      Thread.sleep(10);
    }
  }

  @Test
  void keysCannotLeaveTheCache() {
    assertThatThrownBy(() -> store.localCopy("../outside"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.exists("/absolute"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.deleteAll("")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void listNamesEveryKeyUnderThePrefixWithItsWriteTimeAcrossPages() throws IOException {
    store.listPageSize = 2;
    Instant before = Instant.now().minusSeconds(5);
    for (String key : List.of("sessions/a/upload", "sessions/a/audio.pcm", "sessions/b/upload")) {
      store.put(key, file("f.tmp", bytes(key)));
    }
    store.put("other/thing", file("f.tmp", bytes("other")));

    List<StoredFile> listed = store.list(BlobStore.SESSIONS);

    assertThat(listed)
        .extracting(StoredFile::key)
        .containsExactlyInAnyOrder(
            "sessions/a/upload", "sessions/a/audio.pcm", "sessions/b/upload");
    assertThat(listed)
        .allSatisfy(
            file -> assertThat(file.modified()).isBetween(before, Instant.now().plusSeconds(5)));
    assertThat(listed).extracting(StoredFile::sessionId).containsOnly("a", "b");
    assertThat(store.list("sessions/none/")).isEmpty();
  }

  @Test
  void pruneCacheDropsCopiesUnusedForLong() throws IOException {
    store.put("sessions/old/upload", file("a.tmp", bytes("old")));
    store.put("sessions/new/upload", file("b.tmp", bytes("new")));
    Path old = store.localCopy("sessions/old/upload");
    Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(2))));

    assertThat(store.pruneCache(Duration.ofDays(1))).isEqualTo(1);

    assertThat(old).doesNotExist();
    assertThat(store.cacheDir().resolve("sessions/new/upload")).exists();
    assertThat(store.localCopy("sessions/old/upload")).hasBinaryContent(bytes("old"));
  }

  @Test
  void decodingOnAnotherWorkerStoresThePcmInTheBucket() throws IOException {
    String session = "5b0e3c1a-0000-4000-8000-000000000042";
    Path upload =
        Files.copy(
            TestAudio.file("librivox.wav"),
            Files.createDirectories(work.resolve("incoming")).resolve("u.tmp"));
    store.put(BlobStore.uploadKey(session), upload); // the API process
    S3BlobStore worker = newStore("worker-b");

    TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
    DecodedAudio decoded;
    try {
      environment.registerActivitiesImplementations(new AudioActivitiesImpl(worker));
      AudioActivities activities =
          environment.newActivityStub(
              AudioActivities.class,
              ActivityOptions.newBuilder()
                  .setStartToCloseTimeout(Duration.ofMinutes(2))
                  .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                  .build());
      decoded = activities.decode(session, BlobStore.uploadKey(session));
    } finally {
      environment.close();
    }

    assertThat(decoded.pcmKey()).isEqualTo(BlobStore.pcmKey(session));
    assertThat(decoded.durationSeconds()).isCloseTo(24.7, within(0.2));
    assertThat(store.exists(BlobStore.pcmKey(session))).isTrue();
    Path pcm = newStore("worker-c").localCopy(BlobStore.pcmKey(session));
    assertThat(Files.size(pcm))
        .isEqualTo(Math.round(decoded.durationSeconds() * DecodedAudio.BYTES_PER_SECOND));
    // The decoding worker keeps its PCM for chunk planning and leaves no partial file behind.
    try (var files = Files.list(worker.cacheDir().resolve(BlobStore.sessionPrefix(session)))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("upload", "audio.pcm");
    }
  }
}
