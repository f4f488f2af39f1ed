package org.reactvl.modules.data;

/**
 * Counter-based seeds: the random stream for a given run seed and coordinates (epoch, step, sample)
 * is a pure function of those numbers. Training draws its shuffles and augmentations this way, so
 * its whole random state is the run seed plus the step counter, and a run resumed from a checkpoint
 * draws exactly what the uninterrupted run would have drawn.
 *
 * <pre>{@code
 * SplittableRandom r = new SplittableRandom(Seeds.derive(seed, STREAM_AUGMENT, step, slot));
 * }</pre>
 */
public final class Seeds {
  private Seeds() {}

  /** A well-mixed 64-bit seed for {@code seed} at {@code coordinates} (SplitMix64 finalizer per step). */
  public static long derive(long seed, long... coordinates) {
    long h = mix(seed ^ 0x9E3779B97F4A7C15L);
    for (long c : coordinates) {
      h = mix(h + 0x9E3779B97F4A7C15L + c);
    }
    return h;
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** A permutation of {@code 0..n-1} (Fisher-Yates) drawn from {@code seed}. */
  public static int[] permutation(int n, long seed) {
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
