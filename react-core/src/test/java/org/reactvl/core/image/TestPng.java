package org.reactvl.core.image;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Test-only PNG writer for exact control over colour type, bit depth and chunks (the JDK writer
 * picks its own). Scanlines are given packed as PNG stores them, without filter bytes.
 */
final class TestPng {
  static final int GREY = 0;
  static final int RGB = 2;
  static final int PALETTE = 3;
  static final int GREY_ALPHA = 4;
  static final int RGB_ALPHA = 6;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private TestPng(int width, int height, int bitDepth, int colorType) {
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
    chunk("IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
        .put((byte) bitDepth).put((byte) colorType).put((byte) 0).put((byte) 0).put((byte) 0)
        .array());
  }

  static TestPng header(int width, int height, int bitDepth, int colorType) {
    return new TestPng(width, height, bitDepth, colorType);
  }

  TestPng chunk(String type, byte[] data) {
    byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(typeBytes);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(typeBytes);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    return this;
  }

  /** Appends IDAT (filter type 0 on each row) and IEND and returns the file. */
  byte[] image(byte[][] rows) {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    for (byte[] row : rows) {
      raw.write(0);
      raw.writeBytes(row);
    }
    Deflater deflater = new Deflater();
    deflater.setInput(raw.toByteArray());
    deflater.finish();
    byte[] buffer = new byte[raw.size() + 64];
    int n = deflater.deflate(buffer);
    deflater.end();
    byte[] compressed = new byte[n];
    System.arraycopy(buffer, 0, compressed, 0, n);
    chunk("IDAT", compressed);
    chunk("IEND", new byte[0]);
    return out.toByteArray();
  }

  static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }
}
