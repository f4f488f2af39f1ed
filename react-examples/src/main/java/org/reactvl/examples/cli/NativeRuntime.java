package org.reactvl.examples.cli;

import org.reactvl.core.NativeMemoryLimit;

/**
 * Settings ND4J reads once, when it first loads: which native build to use and the physical-memory
 * brake that makes it reclaim off-heap buffers. Set here, before any ND4J class loads, unless the
 * user set them on the command line.
 */
final class NativeRuntime {
  private NativeRuntime() {}

  static void configure() {
    // The AVX-512 build crashes CPUs without AVX-512; the oneDNN AVX2 build is the fastest safe one.
    System.getProperties().putIfAbsent("org.bytedeco.javacpp.platform.extension", "-onednn-avx2");
    NativeMemoryLimit.apply(NativeMemoryLimit.heapPlus(6L << 30));
  }
}
