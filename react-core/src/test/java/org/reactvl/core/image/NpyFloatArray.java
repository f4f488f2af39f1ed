package org.reactvl.core.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test-only reader for little-endian float32 C-order .npy files (format versions 1 to 3). */
record NpyFloatArray(int[] shape, float[] data) {
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
  private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  static NpyFloatArray read(Path file) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    byte[] magic = new byte[6];
    buffer.get(magic);
    if (!Arrays.equals(magic, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'})) {
      throw new IOException(file + " is not an .npy file");
    }
    int major = buffer.get();
    buffer.get();
    int headerLength = major == 1 ? Short.toUnsignedInt(buffer.getShort()) : buffer.getInt();
    byte[] headerBytes = new byte[headerLength];
    buffer.get(headerBytes);
    String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
    if (!"<f4".equals(group(DESCR, header)) || !"False".equals(group(ORDER, header))) {
      throw new IOException(file + " must hold little-endian float32 in C order: " + header);
    }
    int[] shape = Arrays.stream(group(SHAPE, header).split(","))
        .map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    float[] data = new float[Arrays.stream(shape).reduce(1, Math::multiplyExact)];
    buffer.asFloatBuffer().get(data);
    return new NpyFloatArray(shape, data);
  }

  private static String group(Pattern pattern, String header) throws IOException {
    Matcher m = pattern.matcher(header);
    if (!m.find()) {
      throw new IOException("npy header lacks " + pattern + ": " + header);
    }
    return m.group(1);
  }
}
