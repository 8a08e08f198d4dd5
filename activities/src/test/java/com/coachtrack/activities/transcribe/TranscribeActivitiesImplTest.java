package com.coachtrack.activities.transcribe;

import static com.coachtrack.activities.testing.ActivityFailures.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import com.coachtrack.activities.engine.EngineException;
import com.coachtrack.activities.engine.EngineSelector;
import com.coachtrack.activities.engine.PocketSphinxEngine;
import com.coachtrack.activities.engine.ScriptedEngine;
import com.coachtrack.activities.engine.SpeechEngine;
import com.coachtrack.activities.engine.StandInEngines;
import com.coachtrack.activities.engine.WaitingEngine;
import com.coachtrack.activities.storage.BlobStore;
import com.coachtrack.activities.storage.LocalBlobStore;
import com.coachtrack.activities.testing.ProcStat;
import com.coachtrack.activities.testing.StandInProgram;
import com.coachtrack.activities.testing.TestAudio;
import com.coachtrack.store.ChunkStore;
import com.coachtrack.workflows.activities.ChunkHeartbeat;
import com.coachtrack.workflows.activities.ChunkPlan;
import com.coachtrack.workflows.activities.ChunkResult;
import com.coachtrack.workflows.activities.ChunkTask;
import com.coachtrack.workflows.activities.TranscribeActivities;
import com.coachtrack.workflows.activities.Word;
import com.coachtrack.workflows.status.ErrorCode;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chunk activity with a real engine (pocketsphinx when installed, else Sphinx4) on real speech,
 * and with small scripted engines where an engine's exact timing or failure is the point.
 */
class TranscribeActivitiesImplTest {
  private static final Logger LOG = LoggerFactory.getLogger(TranscribeActivitiesImplTest.class);
  private static final String SESSION = "5d0c3a52-0000-4000-8000-000000000002";
  private static final Duration PROGRESS_INTERVAL = Duration.ofMillis(300);

  @TempDir Path root;

  private TestActivityEnvironment environment;
  private LocalBlobStore store;
  private final InMemoryChunkStore chunks = new InMemoryChunkStore();
  private final HungEngines hungEngines = new HungEngines(Clock.systemUTC());
  private final List<ChunkHeartbeat> heartbeats = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    store = new LocalBlobStore(root);
    environment = TestActivityEnvironment.newInstance();
    environment.setActivityHeartbeatListener(ChunkHeartbeat.class, heartbeats::add);
  }

  @AfterEach
  void tearDown() {
    environment.close();
  }

  private TranscribeActivities activities(
      ChunkStore chunkStore, Function<String, SpeechEngine> engines) {
    // Heartbeats reach the test server at most every 0.8 x the timeout: how fast a cancellation is
    // seen.
    return activities(chunkStore, engines, ChunkProgress.STUCK_AFTER, Duration.ofSeconds(1));
  }

  private TranscribeActivities activities(
      ChunkStore chunkStore,
      Function<String, SpeechEngine> engines,
      Duration stuckAfter,
      Duration heartbeatTimeout) {
    environment.registerActivitiesImplementations(
        new TranscribeActivitiesImpl(
            store, chunkStore, engines, hungEngines, PROGRESS_INTERVAL, stuckAfter));
    return environment.newActivityStub(
        TranscribeActivities.class,
        ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofMinutes(5))
            .setHeartbeatTimeout(heartbeatTimeout)
            .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
            .build());
  }

  private TranscribeActivities activities(Function<String, SpeechEngine> engines) {
    return activities(chunks, engines);
  }

  private String storePcm(String sharedFile) throws IOException {
    Path copy = Files.createTempFile(root, "pcm-", ".tmp");
    Files.copy(TestAudio.pcm(sharedFile), copy, StandardCopyOption.REPLACE_EXISTING);
    store.put(BlobStore.pcmKey(SESSION), copy);
    return BlobStore.pcmKey(SESSION);
  }

  private static ChunkTask task(String pcmKey, int index, double start, double end) {
    return new ChunkTask(SESSION, pcmKey, new ChunkPlan(index, start, end), "auto");
  }

  @Test
  void transcribesAChunkWithARealEngineReportingProgressAllAlong() throws IOException {
    // Sphinx4 (the engine when pocketsphinx is missing) runs at about real time: it gets a shorter
    // chunk.
    boolean fast = PocketSphinxEngine.isInstalled();
    String recording = fast ? "coaching.wav" : "librivox.wav";
    double seconds = fast ? 32.0 : 12.0;
    String pcmKey = storePcm(recording);

    ChunkResult result =
        activities(EngineSelector::select).transcribeChunk(task(pcmKey, 0, 0, seconds));

    StoredChunk stored = chunks.stored(SESSION, 0).orElseThrow();
    String engine = EngineSelector.select("auto").name();
    String hypothesis = stored.words().stream().map(Word::text).collect(Collectors.joining(" "));
    LOG.info(
        "{} on {} 0-{} s in {} s: {}",
        engine,
        recording,
        seconds,
        stored.wallSeconds(),
        hypothesis);
    assertThat(result).isEqualTo(new ChunkResult(0, stored.words().size(), seconds, false));
    assertThat(stored.engine()).isEqualTo(engine);
    assertThat(stored.wallSeconds()).isPositive();
    assertThat(stored.words()).hasSizeGreaterThan((int) seconds);
    assertThat(stored.words()).allSatisfy(word -> assertThat(word.start()).isBetween(0.0, seconds));
    assertThat(stored.words()).isSortedAccordingTo((a, b) -> Double.compare(a.start(), b.start()));

    List<Double> positions =
        chunks.progress().stream().map(ProgressReport::positionSeconds).toList();
    assertThat(positions).as("progress reports").hasSizeGreaterThanOrEqualTo(3);
    assertThat(positions).isSorted().doesNotHaveDuplicates();
    assertThat(positions.get(0)).isZero();
    assertThat(positions).allSatisfy(p -> assertThat(p).isBetween(0.0, seconds));
    assertThat(chunks.progress()).allSatisfy(p -> assertThat(p.chunkIndex()).isZero());
    assertThat(heartbeats).isNotEmpty();
  }

  @Test
  void aChunkLeftPartWayIsTranscribedAgainFromItsStartAndComesOutAsIfNothingHappened()
      throws IOException {
    String pcmKey = storePcm("librivox.wav");
    TranscribeActivities activities = activities(EngineSelector::select);
    activities.transcribeChunk(task(pcmKey, 2, 0, 24.73));
    List<Word> inOneGo = chunks.stored(SESSION, 2).orElseThrow().words();
    // As if an earlier attempt had got to 21.1 s before dying.
    List<Word> earlier =
        List.of(new Word("earlier", 0.2, 0.6, 0.9), new Word("attempt", 20.5, 21.1, 0.8));
    chunks.givenPartialWords(SESSION, 3, earlier);

    ChunkResult result = activities.transcribeChunk(task(pcmKey, 3, 0, 24.73));

    List<Word> words = chunks.stored(SESSION, 3).orElseThrow().words();
    assertThat(result.wordCount()).isEqualTo(words.size());
    assertThat(words).as("the same words, at the same times").isEqualTo(inOneGo);
    List<ProgressReport> reports =
        chunks.progress().stream().filter(report -> report.chunkIndex() == 3).toList();
    assertThat(reports.get(0).positionSeconds()).isZero();
    assertThat(reports.get(0).wordsSoFar())
        .as("the earlier attempt's words stay shown until this one passes them")
        .containsExactlyElementsOf(earlier);
    for (ProgressReport report : reports) {
      List<Word> shown = report.wordsSoFar();
      double fresh =
          shown.stream().filter(w -> !earlier.contains(w)).mapToDouble(Word::end).max().orElse(0);
      assertThat(shown)
          .filteredOn(earlier::contains)
          .allSatisfy(w -> assertThat(w.start()).isGreaterThanOrEqualTo(fresh));
    }
  }

  @Test
  void reportsStoreTheWordsAndHeartbeatsOnlyWhereTheyEnd() throws IOException {
    String pcmKey = storePcm("librivox.wav");
    // Reads in 0.5 s blocks, one every 50 ms; one word per second of audio, reported a second late.
    SpeechEngine scripted =
        new ScriptedEngine(
            (pcm, offset, onWord) -> {
              byte[] block = new byte[16_000];
              int read;
              double position = offset;
              int nextWord = (int) Math.ceil(offset);
              while ((read = pcm.readNBytes(block, 0, block.length)) > 0) {
                position += read / 32_000.0;
                while (nextWord + 1 <= position - 1) {
                  onWord.accept(new Word("w" + nextWord, nextWord, nextWord + 1, 1));
                  nextWord++;
                }
                sleep(50);
              }
            });

    activities(name -> scripted).transcribeChunk(task(pcmKey, 1, 2.0, 12.0));

    assertThat(heartbeats).isNotEmpty();
    for (ChunkHeartbeat heartbeat : heartbeats) {
      // No words in Temporal's history: where they end and how many.
      double expected = heartbeat.wordsSoFar() == 0 ? 2.0 : 2.0 + heartbeat.wordsSoFar();
      assertThat(heartbeat.positionSeconds()).isEqualTo(expected);
    }
    ProgressReport last = chunks.progress().get(chunks.progress().size() - 1);
    assertThat(last.wordsSoFar()).as("the words go to the store with each report").isNotEmpty();
    ChunkHeartbeat lastBeat = heartbeats.get(heartbeats.size() - 1);
    assertThat(lastBeat.positionSeconds()).isLessThan(last.positionSeconds());
    assertThat(chunks.stored(SESSION, 1).orElseThrow().words()).hasSize(9);
    assertThat(chunks.partialWords(SESSION, 1)).as("dropped once the chunk is stored").isEmpty();
  }

  @Test
  void aStoredChunkReturnsWithoutRunningTheEngine() {
    chunks.storeChunk(SESSION, 4, List.of(new Word("done", 1, 2, 1)), "pocketsphinx", 3.0);
    AtomicBoolean engineAsked = new AtomicBoolean();

    ChunkResult result =
        activities(
                name -> {
                  engineAsked.set(true);
                  throw new AssertionError("the engine must not run");
                })
            .transcribeChunk(task(BlobStore.pcmKey(SESSION), 4, 120, 160));

    assertThat(result.alreadyStored()).isTrue();
    assertThat(result.index()).isEqualTo(4);
    assertThat(result.wordCount()).isEqualTo(1);
    assertThat(engineAsked).isFalse();
    assertThat(chunks.progress()).isEmpty();
  }

  @Test
  void cancellationStopsTheEngineAndStoresNothing() throws Exception {
    String pcmKey = storePcm("coaching.wav");
    CountDownLatch progressing = new CountDownLatch(1);
    ChunkStore signalling =
        new ChunkStore() {
          @Override
          public Optional<ChunkResult> findStoredChunk(String sessionId, int chunkIndex) {
            return chunks.findStoredChunk(sessionId, chunkIndex);
          }

          @Override
          public void recordProgress(
              String sessionId, int chunkIndex, double positionSeconds, List<Word> wordsSoFar) {
            chunks.recordProgress(sessionId, chunkIndex, positionSeconds, wordsSoFar);
            progressing.countDown();
          }

          @Override
          public List<Word> partialWords(String sessionId, int chunkIndex) {
            return chunks.partialWords(sessionId, chunkIndex);
          }

          @Override
          public void recordAlive(String sessionId) {
            chunks.recordAlive(sessionId);
          }

          @Override
          public void storeChunk(
              String sessionId,
              int chunkIndex,
              List<Word> words,
              String engine,
              double wallSeconds) {
            chunks.storeChunk(sessionId, chunkIndex, words, engine, wallSeconds);
          }
        };
    TranscribeActivities activities = activities(signalling, EngineSelector::select);

    long started = System.nanoTime();
    CompletableFuture<ChunkResult> running =
        CompletableFuture.supplyAsync(() -> activities.transcribeChunk(task(pcmKey, 2, 0, 60)));
    assertThat(progressing.await(60, TimeUnit.SECONDS)).isTrue();
    environment.requestCancelActivity();
    Throwable thrown = catchThrowable(() -> running.get(60, TimeUnit.SECONDS));

    assertThat(thrown).hasCauseInstanceOf(CanceledFailure.class);
    // Well before the 60 s chunk could have been transcribed.
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    // The engine has really stopped: no more progress, and nothing is ever stored.
    int reports = chunks.progress().size();
    Thread.sleep(1_500);
    assertThat(chunks.progress()).hasSize(reports);
    assertThat(chunks.stored(SESSION, 2)).isEmpty();
  }

  @Test
  void anEngineFailureIsARetryableEngineCrash() throws IOException {
    String pcmKey = storePcm("librivox.wav");
    SpeechEngine crashing =
        new ScriptedEngine(
            (pcm, offset, onWord) -> {
              pcm.readNBytes(64_000);
              throw new IOException("decoder exited with code 139");
            });

    ApplicationFailure failure =
        failure(
            () -> activities(name -> crashing).transcribeChunk(task(pcmKey, 0, 0, 20)),
            ErrorCode.ENGINE_CRASH,
            false);

    assertThat(failure.getOriginalMessage())
        .contains("scripted", "chunk 0", "at 2.0 s", "code 139");
    assertThat(chunks.stored(SESSION, 0)).isEmpty();
  }

  /**
   * An engine that reads its chunk at once and answers after a while, like a speech server: the
   * reported position moves on its learned pace while it waits, never past 90 % of the chunk, and
   * the wait does not count as a hang however long the position stands at 90 %.
   */
  @Test
  void anEngineWaitingOnAnAnswerMovesOnItsPaceUpTo90PercentAndIsNotTakenForStuck()
      throws IOException {
    String pcmKey = storePcm("librivox.wav");
    chunks.givenRecentPace("remote", 0.1);
    SpeechEngine remote = new WaitingEngine(1_500);

    activities(chunks, name -> remote, Duration.ofMillis(500), Duration.ofSeconds(5))
        .transcribeChunk(task(pcmKey, 1, 2.0, 12.0));

    List<Double> positions =
        chunks.progress().stream().map(ProgressReport::positionSeconds).toList();
    LOG.info("positions reported while waiting: {}", positions);
    assertThat(positions).isSortedAccordingTo(Double::compare);
    assertThat(positions).allSatisfy(p -> assertThat(p).isBetween(2.0, 11.0 + 1e-9));
    assertThat(positions).as("moved while waiting").anyMatch(p -> p > 2.0 && p < 11.0);
    assertThat(positions).as("held at 90 % until the answer").contains(11.0);
    assertThat(positions.get(0))
        .as("near the start, not where the engine's reads are (the end, 12 s)")
        .isLessThan(4.0);
    StoredChunk stored = chunks.stored(SESSION, 1).orElseThrow();
    assertThat(stored.words()).extracting(Word::text).containsExactly("answer");
    assertThat(hungEngines.recent()).isEmpty();
  }

  @Test
  void refusedCredentialsAreNotRetriedAutomatically() throws IOException {
    String pcmKey = storePcm("librivox.wav");
    SpeechEngine refused =
        new ScriptedEngine(
            (pcm, offset, onWord) -> {
              throw EngineException.permanent("401 from the server", ErrorCode.ENGINE_AUTH);
            });
    ApplicationFailure auth =
        failure(
            () -> activities(name -> refused).transcribeChunk(task(pcmKey, 0, 0, 5)),
            ErrorCode.ENGINE_AUTH,
            true);
    assertThat(auth.getOriginalMessage()).contains("scripted", "chunk 0", "401 from the server");
  }

  @Test
  void aBusyServersRetryAfterBecomesTheNextAttemptsDelay() throws IOException {
    String pcmKey = storePcm("librivox.wav");
    SpeechEngine busy =
        new ScriptedEngine(
            (pcm, offset, onWord) -> {
              throw EngineException.retryable(
                  "429 from the server",
                  ErrorCode.ENGINE_UNAVAILABLE,
                  Duration.ofSeconds(30),
                  null);
            });
    ApplicationFailure unavailable =
        failure(
            () -> activities(name -> busy).transcribeChunk(task(pcmKey, 0, 0, 5)),
            ErrorCode.ENGINE_UNAVAILABLE,
            false);
    assertThat(unavailable.getNextRetryDelay()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void anEngineRuntimeExceptionIsAnEngineCrashToo() throws IOException {
    String pcmKey = storePcm("librivox.wav");
    SpeechEngine crashing =
        new ScriptedEngine(
            (pcm, offset, onWord) -> {
              throw new IllegalStateException("model file unreadable");
            });

    ApplicationFailure failure =
        failure(
            () -> activities(name -> crashing).transcribeChunk(task(pcmKey, 0, 0, 20)),
            ErrorCode.ENGINE_CRASH,
            false);

    assertThat(failure.getOriginalMessage()).contains("model file unreadable");
  }

  @Test
  void anEngineThatStopsReadingIsGivenUpAsStalledWhileTheWorkerStillSaysItIsAlive()
      throws IOException {
    String pcmKey = storePcm("librivox.wav");
    SpeechEngine hanging =
        new ScriptedEngine(
            (pcm, offset, onWord) -> {
              pcm.readNBytes(64_000);
              sleep(2_500);
              // By now the attempt is given up: this read throws.
              pcm.readNBytes(64_000);
            });

    ApplicationFailure failure =
        failure(
            () ->
                activities(chunks, name -> hanging, Duration.ofSeconds(1), Duration.ofSeconds(30))
                    .transcribeChunk(task(pcmKey, 0, 0, 20)),
            ErrorCode.STALLED,
            false);

    assertThat(failure.getOriginalMessage()).contains("read nothing for", "chunk 0", SESSION);
    // While it was not moving, the reports said the worker was alive; then they stopped, heartbeats
    // included, so Temporal's heartbeat timeout would move the chunk to a new attempt.
    assertThat(chunks.progress()).last().extracting(ProgressReport::positionSeconds).isEqualTo(2.0);
    assertThat(chunks.alive()).isNotEmpty().containsOnly(SESSION);
    int heartbeatsAtFailure = heartbeats.size();
    sleep(1_000);
    assertThat(heartbeats).hasSize(heartbeatsAtFailure);
    assertThat(chunks.stored(SESSION, 0)).isEmpty();
  }

  @Test
  void aProcessThatHangsBeforeReadingIsKilledAndItsSlotServesTheNextChunk() throws Exception {
    StandInProgram program = StandInProgram.hangingBeforeReading(root);

    ApplicationFailure failure = hungProcessIsKilledAndTheSlotFreed(program);

    assertThat(failure.getOriginalMessage())
        .contains("pocketsphinx engine read nothing for", "chunk 0", SESSION);
  }

  @Test
  void aProcessThatHangsAfterReadingTheWholeChunkIsKilledAndItsSlotServesTheNextChunk()
      throws Exception {
    StandInProgram program = StandInProgram.hangingAfterReading(root);

    ApplicationFailure failure = hungProcessIsKilledAndTheSlotFreed(program);

    assertThat(failure.getOriginalMessage())
        .contains("pocketsphinx engine read all of chunk 0 of session " + SESSION);
  }

  /**
   * Runs a chunk on the pocketsphinx engine started with {@code program}, which hangs, then the
   * next chunk on the same activity environment: it has one activity thread, as a worker with one
   * engine slot has, so the next chunk runs only once the hung one has freed it.
   */
  private ApplicationFailure hungProcessIsKilledAndTheSlotFreed(StandInProgram program)
      throws Exception {
    String pcmKey = storePcm("librivox.wav");
    SpeechEngine hanging = StandInEngines.pocketSphinxRunning(program.path());
    SpeechEngine counting =
        new ScriptedEngine(
            (pcm, offset, onWord) ->
                onWord.accept(new Word("n" + pcm.readAllBytes().length, offset, offset, 1)));
    Duration stuckAfter = Duration.ofSeconds(2);
    Duration limit = stuckAfter.plusSeconds(5);
    TranscribeActivities activities =
        activities(
            chunks,
            name -> name.equals("scripted") ? counting : hanging,
            stuckAfter,
            Duration.ofSeconds(30));
    try {
      long started = System.nanoTime();
      CompletableFuture<ChunkResult> hung =
          CompletableFuture.supplyAsync(() -> activities.transcribeChunk(task(pcmKey, 0, 0, 20)));

      ApplicationFailure failure =
          failure(() -> outcomeWithin(hung, limit), ErrorCode.STALLED, false);

      Duration took = Duration.ofNanos(System.nanoTime() - started);
      LOG.info(
          "A hung engine process was given up and killed {} ms after the start", took.toMillis());
      assertThat(took).isLessThan(limit);
      assertThat(ProcStat.goneWithin(program.programPid(), Duration.ofSeconds(1)))
          .as("the hung process")
          .isTrue();
      assertThat(ProcStat.goneWithin(program.childPid(), Duration.ofSeconds(1)))
          .as("the process it started")
          .isTrue();
      assertThat(chunks.stored(SESSION, 0)).isEmpty();
      assertThat(hungEngines.recent())
          .singleElement()
          .satisfies(
              hang -> {
                assertThat(hang.engine()).isEqualTo("pocketsphinx");
                assertThat(hang.sessionId()).isEqualTo(SESSION);
                assertThat(hang.chunkIndex()).isZero();
              });

      ChunkResult next =
          CompletableFuture.supplyAsync(
                  () ->
                      activities.transcribeChunk(
                          new ChunkTask(SESSION, pcmKey, new ChunkPlan(1, 20, 21), "scripted")))
              .get(10, TimeUnit.SECONDS);
      assertThat(next.wordCount()).isEqualTo(1);
      assertThat(chunks.stored(SESSION, 1).orElseThrow().words())
          .containsExactly(new Word("n32000", 20, 20, 1));
      return failure;
    } finally {
      program.killLeftovers();
    }
  }

  /** The activity's result or failure, or an assertion error when it still runs after limit. */
  private static <T> T outcomeWithin(CompletableFuture<T> running, Duration limit)
      throws Throwable {
    try {
      return running.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("The activity still runs " + limit + " after it started", e);
    }
  }

  @Test
  void anUnavailableEngineIsARetryableEngineCrash() throws IOException {
    String pcmKey = storePcm("librivox.wav");

    ApplicationFailure failure =
        failure(
            () ->
                activities(EngineSelector::select)
                    .transcribeChunk(
                        new ChunkTask(SESSION, pcmKey, new ChunkPlan(0, 0, 20), "whisper")),
            ErrorCode.ENGINE_CRASH,
            false);

    assertThat(failure.getOriginalMessage()).contains("'whisper' is not available");
  }

  @Test
  void missingAudioIsARetryableStorageError() {
    failure(
        () ->
            activities(EngineSelector::select)
                .transcribeChunk(task(BlobStore.pcmKey(SESSION), 0, 0, 20)),
        ErrorCode.STORAGE_ERROR,
        false);
  }

  @Test
  void aDatabaseFailureWhileRecordingProgressFailsTheAttemptAsItself() throws IOException {
    String pcmKey = storePcm("librivox.wav");
    ChunkStore failing =
        new ChunkStore() {
          @Override
          public Optional<ChunkResult> findStoredChunk(String sessionId, int chunkIndex) {
            return Optional.empty();
          }

          @Override
          public void recordProgress(
              String sessionId, int chunkIndex, double positionSeconds, List<Word> wordsSoFar) {
            throw ApplicationFailure.newFailure(
                "database down", ErrorCode.DATABASE_ERROR.failureType());
          }

          @Override
          public List<Word> partialWords(String sessionId, int chunkIndex) {
            return List.of();
          }

          @Override
          public void recordAlive(String sessionId) {
            chunks.recordAlive(sessionId);
          }

          @Override
          public void storeChunk(
              String sessionId,
              int chunkIndex,
              List<Word> words,
              String engine,
              double wallSeconds) {
            throw new AssertionError("must not be reached");
          }
        };
    SpeechEngine slowReader =
        new ScriptedEngine(
            (pcm, offset, onWord) -> {
              byte[] block = new byte[8_000];
              while (pcm.read(block) > 0) {
                sleep(20);
              }
            });

    ApplicationFailure failure =
        failure(
            () -> activities(failing, name -> slowReader).transcribeChunk(task(pcmKey, 0, 0, 10)),
            ErrorCode.DATABASE_ERROR,
            false);

    assertThat(failure.getOriginalMessage()).isEqualTo("database down");
  }

  @Test
  void storedWordsOutsideTheChunkAreIgnored() throws IOException {
    String pcmKey = storePcm("librivox.wav");
    chunks.givenPartialWords(SESSION, 0, List.of(new Word("stale", 499, 500, 1)));
    SpeechEngine counting =
        new ScriptedEngine(
            (pcm, offset, onWord) ->
                onWord.accept(new Word("n" + pcm.readAllBytes().length, offset, offset, 1)));

    activities(name -> counting).transcribeChunk(task(pcmKey, 0, 1.0, 3.0));

    assertThat(chunks.stored(SESSION, 0).orElseThrow().words())
        .containsExactly(new Word("n64000", 1.0, 1.0, 1));
  }

  @Test
  void byteOffsetsAreWholeSamples() {
    assertThat(TranscribeActivitiesImpl.byteOffset(0)).isZero();
    assertThat(TranscribeActivitiesImpl.byteOffset(1.5)).isEqualTo(48_000);
    assertThat(TranscribeActivitiesImpl.byteOffset(10.15)).isEqualTo(324_800);
    assertThat(TranscribeActivitiesImpl.byteOffset(0.00003) % 2).isZero();
    assertThat(TranscribeActivitiesImpl.byteOffset(24.7300001)).isCloseTo(791_360L, within(2L));
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
