package org.reactvl.modules.train;

import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.InferenceSession;
import org.nd4j.autodiff.samediff.internal.memory.ArrayCacheMemoryMgr;

/** How the trainer's SameDiff graphs manage the memory of their intermediate arrays. */
final class Sessions {
  private Sessions() {}

  /**
   * Makes this thread's session of {@code graph} close every intermediate array as soon as its last
   * consumer has run. By default a session either keeps them for the garbage collector (gradient
   * functions) or pools them, and both leave a step's native memory waiting for a GC: over 1 GB per
   * ViT-B block pair at batch 32. Closed arrays go back to the OS at once when large blocks are
   * mapped (see {@link NativeMemory}). Call before every run of the graph on a thread.
   */
  static void freeIntermediatesEagerly(SameDiff graph) {
    InferenceSession session = graph.getSessions().computeIfAbsent(Thread.currentThread().threadId(), t -> new InferenceSession(graph));
    if (session.getMmgr() instanceof ArrayCacheMemoryMgr pool && pool.isEnableCache()) {
      pool.setEnableCache(false);
    }
  }
}
