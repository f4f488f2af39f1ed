package org.reactvl.examples.cli;

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
    // ND4J frees native buffers only after GC; this limit makes it collect instead of growing.
    long physical = Runtime.getRuntime().maxMemory() + 6L * 1024 * 1024 * 1024;
    System.getProperties().putIfAbsent("org.bytedeco.javacpp.maxphysicalbytes", Long.toString(physical));
  }
}
