package com.coachtrack.activities.transcribe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressStreamTest {

  private static ProgressStream over(int bytes, long start, long end) {
    return new ProgressStream(new ByteArrayInputStream(new byte[bytes]), start, end);
  }

  @Test
  void endsAtTheChunkEndAndCountsFromTheRecordingStart() throws IOException {
    ProgressStream stream = over(1_000, 100, 400);

    assertThat(stream.available()).isEqualTo(300);
    assertThat(stream.readAllBytes()).hasSize(300);
    assertThat(stream.offset()).isEqualTo(400);
    assertThat(stream.read()).isEqualTo(-1);
    assertThat(stream.read(new byte[10], 0, 10)).isEqualTo(-1);
  }

  @Test
  void endsWithItsSourceWhenThatIsShorter() throws IOException {
    ProgressStream stream = over(50, 0, 400);

    assertThat(stream.readAllBytes()).hasSize(50);
    assertThat(stream.offset()).isEqualTo(50);
  }

  @Test
  void singleBytesCountToo() throws IOException {
    ProgressStream stream =
        new ProgressStream(new ByteArrayInputStream(new byte[] {7, (byte) 200}), 10, 12);

    assertThat(stream.read()).isEqualTo(7);
    assertThat(stream.read()).isEqualTo(200);
    assertThat(stream.read()).isEqualTo(-1);
    assertThat(stream.offset()).isEqualTo(12);
  }

  @Test
  void neverSkipsNorMarks() throws IOException {
    ProgressStream stream = over(100, 0, 100);

    assertThat(stream.skip(50)).isZero();
    assertThat(stream.markSupported()).isFalse();
    assertThat(stream.offset()).isZero();
  }

  @Test
  void abortMakesEveryReadThrowTheFirstCause() throws IOException {
    ProgressStream stream = over(100, 0, 100);
    IllegalStateException cancelled = new IllegalStateException("cancelled");
    stream.read(new byte[10]);

    stream.abort(cancelled);
    stream.abort(new IllegalStateException("later"));

    assertThatThrownBy(() -> stream.read(new byte[10])).isSameAs(cancelled);
    assertThatThrownBy(stream::read).isSameAs(cancelled);
    assertThat(stream.abortCause()).isSameAs(cancelled);
    assertThat(stream.offset()).isEqualTo(10);
  }

  @Test
  void abortStopsTheEngineAfterRecordingWhy() {
    ProgressStream stream = over(100, 0, 100);
    IllegalStateException stalled = new IllegalStateException("stalled");
    List<RuntimeException> causeSeenByTheStop = new ArrayList<>();
    stream.stopSignal().onStop(() -> causeSeenByTheStop.add(stream.abortCause()));

    assertThat(stream.stopSignal().isRaised()).isFalse();
    stream.abort(stalled);

    assertThat(stream.stopSignal().isRaised()).isTrue();
    assertThat(causeSeenByTheStop).containsExactly(stalled);
  }

  @Test
  void knowsWhetherTheEngineReadTheWholeChunk() throws IOException {
    ProgressStream chunk = over(1_000, 100, 400);
    chunk.readNBytes(300);
    assertThat(chunk.readToEnd()).as("every byte, but not yet the end").isFalse();
    assertThat(chunk.read()).isEqualTo(-1);
    assertThat(chunk.readToEnd()).isTrue();

    ProgressStream shortSource = over(50, 0, 400);
    shortSource.readAllBytes();
    assertThat(shortSource.readToEnd()).isTrue();
  }

  @Test
  void remembersWhatReadingThePcmThrew() {
    IOException gone = new IOException("disk gone");
    ProgressStream stream =
        new ProgressStream(
            new InputStream() {
              @Override
              public int read() throws IOException {
                throw gone;
              }
            },
            0,
            100);

    assertThatThrownBy(() -> stream.read(new byte[10])).isSameAs(gone);
    assertThat(stream.readFailure()).isSameAs(gone);
    assertThat(stream.abortCause()).isNull();
  }
}
