package org.reactvl.index;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * One search result: the entry's id, its cosine similarity to the query (higher = more similar) and its
 * metadata. Immutable and thread-safe.
 *
 * <p>Stores return hits in {@link #ORDER}: score descending, then id ascending, so equal scores come
 * back in the same order every time and from every store.
 *
 * @param id the stored entry's id
 * @param score cosine similarity in [-1, 1] (up to rounding; approximate for quantized stores that
 *     do not re-score)
 * @param metadata the stored entry's metadata (in a pool store, a pair's image and captions: read
 *     them as typed fields with {@code ImageTextPair.fromHit})
 */
public record Hit(String id, float score, Map<String, String> metadata) {

  /** Score descending, then id ascending. */
  public static final Comparator<Hit> ORDER =
      Comparator.comparing(Hit::score, Comparator.reverseOrder()).thenComparing(Hit::id);

  public Hit {
    Objects.requireNonNull(id, "hit id must not be null");
    metadata = Map.copyOf(metadata);
  }
}
