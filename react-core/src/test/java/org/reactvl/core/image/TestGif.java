package org.reactvl.core.image;

import java.io.ByteArrayOutputStream;

/**
 * Test-only GIF writer (one frame, global colour table) using "uncompressed" LZW: every index is
 * a literal code and a clear code comes before the table would widen the codes. The JDK's GIF
 * writer is avoided because its output for tiny images is misread by the JDK's own reader.
 */
final class TestGif {
  private TestGif() {}

  /**
   * @param colors the global colour table, 0xRRGGBB, a power of two of at least 2 entries
   * @param transparent the transparent index, or -1
   */
  static byte[] encode(int screenWidth, int screenHeight, int left, int top, int width,
      int height, byte[] indices, int[] colors, int transparent) {
    int bits = Integer.numberOfTrailingZeros(colors.length);
    if (colors.length != 1 << bits || bits < 1) {
      throw new IllegalArgumentException("colour table size must be a power of two >= 2");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'G', 'I', 'F', '8', '9', 'a'});
    le16(out, screenWidth);
    le16(out, screenHeight);
    out.write(0x80 | (bits - 1)); // global colour table of 2^bits entries
    out.write(0); // background index
    out.write(0); // aspect ratio
    for (int c : colors) {
      out.write(c >> 16);
      out.write(c >> 8);
      out.write(c);
    }
    if (transparent >= 0) {
      out.writeBytes(new byte[] {0x21, (byte) 0xF9, 4, 1, 0, 0, (byte) transparent, 0});
    }
    out.write(0x2C);
    le16(out, left);
    le16(out, top);
    le16(out, width);
    le16(out, height);
    out.write(0); // no local table, not interlaced
    int minCodeSize = Math.max(2, bits);
    out.write(minCodeSize);
    byte[] lzw = uncompressedLzw(indices, minCodeSize);
    for (int at = 0; at < lzw.length; at += 255) {
      int n = Math.min(255, lzw.length - at);
      out.write(n);
      out.write(lzw, at, n);
    }
    out.write(0);
    out.write(0x3B);
    return out.toByteArray();
  }

  private static byte[] uncompressedLzw(byte[] indices, int minCodeSize) {
    int clear = 1 << minCodeSize;
    int width = minCodeSize + 1;
    // After a clear, each literal but the first adds a table entry; widening happens when the
    // next entry would be 2^width, so clear again after (2^width - clear - 2) literals.
    int literalsPerClear = (1 << width) - clear - 2;
    Bits bits = new Bits();
    int sinceClear = literalsPerClear;
    for (byte index : indices) {
      if (sinceClear == literalsPerClear) {
        bits.write(clear, width);
        sinceClear = 0;
      }
      bits.write(index & 0xff, width);
      sinceClear++;
    }
    bits.write(clear + 1, width); // end of information
    return bits.toByteArray();
  }

  private static void le16(ByteArrayOutputStream out, int v) {
    out.write(v);
    out.write(v >>> 8);
  }

  private static final class Bits {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int buffer;
    private int count;

    void write(int value, int n) {
      buffer |= value << count;
      count += n;
      while (count >= 8) {
        out.write(buffer & 0xff);
        buffer >>>= 8;
        count -= 8;
      }
    }

    byte[] toByteArray() {
      if (count > 0) {
        out.write(buffer & 0xff);
        count = 0;
      }
      return out.toByteArray();
    }
  }
}
