package org.reactvl.core.bench;

import java.util.Random;
import org.reactvl.core.clip.ClipConfig;

/** Token rows shaped like real captions for benchmarks: start token, 5-20 random ids, end token, padding. */
public final class RandomCaptions {
  /** OpenAI CLIP's start-of-text id (the end-of-text id is {@link ClipConfig#CLIP_EOT}). */
  private static final int SOT = 49406;

  private RandomCaptions() {}

  /** {@code n} rows of the config's context length, drawn from {@code seed}. */
  public static int[][] tokens(ClipConfig config, int n, long seed) {
    Random random = new Random(seed);
    int[][] rows = new int[n][config.text().contextLength()];
    for (int[] row : rows) {
      int length = Math.min(5 + random.nextInt(16), row.length - 2);
      row[0] = SOT;
      for (int j = 1; j <= length; j++) {
        row[j] = random.nextInt(SOT);
      }
      row[length + 1] = ClipConfig.CLIP_EOT;
    }
    return rows;
  }
}
