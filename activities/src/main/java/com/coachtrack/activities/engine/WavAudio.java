package com.coachtrack.activities.engine;

import com.coachtrack.workflows.activities.DecodedAudio;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A piece of the decoded 16 kHz mono 16-bit PCM as a complete WAV file, the format every speech
 * server reads without a decoder of its own: a 45 s chunk is about 1.4 MB.
 */
final class WavAudio {
  static final int HEADER_BYTES = 44;

  private WavAudio() {}

  /** {@code length} bytes of PCM from {@code offset}, behind a header that states their size. */
  static byte[] of(byte[] pcm, int offset, int length) {
    ByteBuffer wav = ByteBuffer.allocate(HEADER_BYTES + length).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + length);
    wav.put("WAVE".getBytes(StandardCharsets.US_ASCII));
    wav.put("fmt ".getBytes(StandardCharsets.US_ASCII))
        .putInt(16)
        .putShort((short) 1)
        .putShort((short) 1)
        .putInt(DecodedAudio.SAMPLE_RATE)
        .putInt(DecodedAudio.BYTES_PER_SECOND)
        .putShort((short) 2)
        .putShort((short) 16);
    wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(length);
    wav.put(pcm, offset, length);
    return wav.array();
  }

  /** The size of the WAV file holding {@code seconds} of audio. */
  static long bytesFor(double seconds) {
    return HEADER_BYTES + Math.round(seconds * DecodedAudio.SAMPLE_RATE) * 2L;
  }
}
