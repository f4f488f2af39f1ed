package org.reactvl.core.image;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * Test-only lossless WebP (VP8L) writer for images whose every channel takes at most two values:
 * no transforms, no colour cache, and one "simple" prefix code per channel, so each pixel costs one
 * bit per two-valued channel. Enough to check decoding exactly without a WebP encoder.
 */
final class TestWebp {
  private long bits;
  private int bitCount;
  private final ByteArrayOutputStream data = new ByteArrayOutputStream();

  private TestWebp() {}

  /** Encodes {@code argb} pixels (row-major, 0xAARRGGBB) as a VP8L file. */
  static byte[] encode(int width, int height, int[] argb, boolean alphaUsed) {
    TestWebp w = new TestWebp();
    w.write(0x2f, 8);
    w.write(width - 1, 14);
    w.write(height - 1, 14);
    w.write(alphaUsed ? 1 : 0, 1);
    w.write(0, 3); // version
    w.write(0, 1); // no transform
    w.write(0, 1); // no colour cache
    w.write(0, 1); // no meta prefix codes
    int[] shifts = {8, 16, 0, 24}; // green, red, blue, alpha: the VP8L code order
    int[][] symbols = new int[4][];
    for (int c = 0; c < 4; c++) {
      int shift = shifts[c];
      symbols[c] = Arrays.stream(argb).map(p -> (p >>> shift) & 0xff).distinct().sorted().toArray();
      if (symbols[c].length > 2) {
        throw new IllegalArgumentException("channel must take at most 2 values");
      }
      w.simpleCode(symbols[c]);
    }
    w.simpleCode(new int[] {0}); // distance code, unused
    for (int p : argb) {
      for (int c = 0; c < 4; c++) {
        if (symbols[c].length == 2) {
          w.write(((p >>> shifts[c]) & 0xff) == symbols[c][0] ? 0 : 1, 1);
        }
      }
    }
    w.flush();
    return riff(w.data.toByteArray());
  }

  /** A simple prefix code with 1 or 2 symbols; the smaller symbol gets code 0. */
  private void simpleCode(int[] sorted) {
    write(1, 1);
    write(sorted.length - 1, 1);
    write(1, 1); // first symbol in 8 bits
    write(sorted[0], 8);
    if (sorted.length == 2) {
      write(sorted[1], 8);
    }
  }

  private void write(int value, int n) {
    bits |= ((long) value & ((1L << n) - 1)) << bitCount;
    bitCount += n;
    while (bitCount >= 8) {
      data.write((int) (bits & 0xff));
      bits >>>= 8;
      bitCount -= 8;
    }
  }

  private void flush() {
    if (bitCount > 0) {
      data.write((int) (bits & 0xff));
      bits = 0;
      bitCount = 0;
    }
  }

  private static byte[] riff(byte[] vp8l) {
    int padded = vp8l.length + (vp8l.length & 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'R', 'I', 'F', 'F'});
    writeLe(out, 4 + 8 + padded);
    out.writeBytes(new byte[] {'W', 'E', 'B', 'P', 'V', 'P', '8', 'L'});
    writeLe(out, vp8l.length);
    out.writeBytes(vp8l);
    if (padded != vp8l.length) {
      out.write(0);
    }
    return out.toByteArray();
  }

  private static void writeLe(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
    out.write(v >>> 16);
    out.write(v >>> 24);
  }
}
