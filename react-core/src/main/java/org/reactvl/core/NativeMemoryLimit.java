package org.reactvl.core;

/**
 * Bounds the native (off-heap) memory ND4J may hold. ND4J frees the native buffers of arrays only
 * after Java's garbage collector has collected them; without a limit, a process that makes many
 * arrays (training, encoding large batches) can grow far beyond its heap before a collection runs.
 * With a limit, JavaCPP collects (and, if that is not enough, fails the allocation) instead of
 * growing. The limit is JavaCPP's {@value #PROPERTY} system property, read once, when ND4J first
 * loads: call {@link #apply} at start-up, before the first model, array or store is made.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *   NativeMemoryLimit.apply(NativeMemoryLimit.heapPlus(6L << 30));   // heap + 6 GiB, as the CLI does
 *   try (ClipModel clip = ClipModel.load(Path.of("clip"))) { ... }
 * }
 * }</pre>
 *
 * <p>Equivalent to {@code -Dorg.bytedeco.javacpp.maxphysicalbytes=BYTES} on the command line, which
 * takes precedence. Thread-safe.
 */
public final class NativeMemoryLimit {
  /** The JavaCPP system property holding the limit, in bytes, on the process's physical memory. */
  public static final String PROPERTY = "org.bytedeco.javacpp.maxphysicalbytes";

  private NativeMemoryLimit() {}

  /**
   * Sets the limit to {@code bytes} unless one was set already (on the command line, say).
   *
   * @return whether this call set it (false: an earlier setting stays in force)
   * @throws IllegalArgumentException if {@code bytes} is not positive
   */
  public static boolean apply(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("native memory limit must be positive, but was " + bytes + " bytes");
    }
    return System.getProperties().putIfAbsent(PROPERTY, Long.toString(bytes)) == null;
  }

  /**
   * The JVM's maximum heap plus {@code nativeBytes}: a limit on the whole process (JavaCPP counts
   * the heap too) that leaves {@code nativeBytes} for ND4J's arrays.
   *
   * @throws IllegalArgumentException if {@code nativeBytes} is negative
   */
  public static long heapPlus(long nativeBytes) {
    if (nativeBytes < 0) {
      throw new IllegalArgumentException("native bytes must be >= 0, but was " + nativeBytes);
    }
    return Math.addExact(Runtime.getRuntime().maxMemory(), nativeBytes);
  }
}
