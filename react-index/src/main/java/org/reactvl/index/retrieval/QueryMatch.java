package org.reactvl.index.retrieval;

import java.util.Comparator;
import java.util.Objects;

/**
 * One query that found a retrieved pair: provenance kept with the pair.
 *
 * @param query the query's index within its class: the template index for text modes, the example
 *     index for I2I
 * @param text the prompt ("a photo of a dog."), or the example image location / {@code embedding #i}
 * @param score cosine similarity of the pair's pool vector to the query
 */
public record QueryMatch(int query, String text, float score) {

  /** Score descending, then query index ascending. */
  public static final Comparator<QueryMatch> ORDER =
      Comparator.comparing(QueryMatch::score, Comparator.reverseOrder()).thenComparingInt(QueryMatch::query);

  public QueryMatch {
    if (query < 0) {
      throw new IllegalArgumentException("query index must be non-negative, but was " + query);
    }
    Objects.requireNonNull(text, "query text must not be null");
    if (!Float.isFinite(score)) {
      throw new IllegalArgumentException("query score must be finite, but was " + score);
    }
  }
}
