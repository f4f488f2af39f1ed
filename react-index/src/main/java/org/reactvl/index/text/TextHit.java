package org.reactvl.index.text;

import java.util.Objects;

/**
 * One full-text search result. Immutable.
 *
 * @param id the pair's id
 * @param score its BM25 score for the query (higher = better; comparable within one query only)
 */
public record TextHit(String id, float score) {
  public TextHit {
    Objects.requireNonNull(id, "hit id must not be null");
  }
}
