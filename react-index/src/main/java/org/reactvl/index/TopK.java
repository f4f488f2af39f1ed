package org.reactvl.index;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * The best {@code k} (score, row) pairs seen so far, in {@link Hit#ORDER}: a bounded min-heap on
 * primitives whose root is the worst kept pair (lowest score; on equal scores, the greater id). Offering
 * a pair that cannot enter costs one comparison. Not thread-safe.
 */
final class TopK {
  private final int k;
  private final float[] scores;
  private final int[] rows;
  private final IntFunction<String> idOfRow;
  private int size;

  TopK(int k, IntFunction<String> idOfRow) {
    this.k = k;
    this.scores = new float[k];
    this.rows = new int[k];
    this.idOfRow = idOfRow;
  }

  void offer(float score, int row) {
    if (size < k) {
      scores[size] = score;
      rows[size] = row;
      siftUp(size++);
    } else if (score > scores[0] || (score == scores[0] && idOfRow.apply(row).compareTo(idOfRow.apply(rows[0])) < 0)) {
      scores[0] = score;
      rows[0] = row;
      siftDown(0);
    }
  }

  /** The kept pairs, best first; {@code toHit} turns a (row, score) into a hit. */
  List<Hit> drain(RowToHit toHit) {
    List<Hit> hits = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      hits.add(toHit.hit(rows[i], scores[i]));
    }
    hits.sort(Hit.ORDER);
    return hits;
  }

  interface RowToHit {
    Hit hit(int row, float score);
  }

  /** Whether slot a is worse than slot b (belongs nearer the root). */
  private boolean worse(int a, int b) {
    if (scores[a] != scores[b]) {
      return scores[a] < scores[b];
    }
    return idOfRow.apply(rows[a]).compareTo(idOfRow.apply(rows[b])) > 0;
  }

  private void siftUp(int i) {
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!worse(i, parent)) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void siftDown(int i) {
    while (true) {
      int left = 2 * i + 1;
      if (left >= size) {
        return;
      }
      int child = left + 1 < size && worse(left + 1, left) ? left + 1 : left;
      if (!worse(child, i)) {
        return;
      }
      swap(i, child);
      i = child;
    }
  }

  private void swap(int a, int b) {
    float s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
    int r = rows[a];
    rows[a] = rows[b];
    rows[b] = r;
  }
}
