package org.reactvl.index.retrieval;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.reactvl.index.pool.ImageTextPair;

/**
 * A pool pair retrieved for a class, with its provenance. Immutable.
 *
 * @param pair the pool pair: id, image location, caption (the training text), captions, metadata
 * @param className the class it was retrieved for
 * @param score its best score over {@code matches}
 * @param matches the queries that found it, best first ({@link QueryMatch#ORDER}), at least one
 */
public record RetrievedPair(ImageTextPair pair, String className, float score, List<QueryMatch> matches) {

  /** Score descending, then id ascending. */
  public static final Comparator<RetrievedPair> ORDER =
      Comparator.comparing(RetrievedPair::score, Comparator.reverseOrder()).thenComparing(RetrievedPair::id);

  public RetrievedPair {
    Objects.requireNonNull(pair, "pair must not be null");
    Objects.requireNonNull(className, "class name must not be null");
    Objects.requireNonNull(matches, "matches must not be null");
    if (matches.isEmpty()) {
      throw new IllegalArgumentException("retrieved pair '" + pair.id() + "' must have been found by at least one query");
    }
    matches = matches.stream().sorted(QueryMatch.ORDER).toList();
    if (Float.compare(score, matches.get(0).score()) != 0) {
      throw new IllegalArgumentException("score of retrieved pair '" + pair.id() + "' must be its best query score "
          + matches.get(0).score() + ", but was " + score);
    }
  }

  /** A pair whose score is its best match's. */
  public static RetrievedPair of(ImageTextPair pair, String className, List<QueryMatch> matches) {
    float best = matches.stream().sorted(QueryMatch.ORDER).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("retrieved pair '" + pair.id() + "' must have been found by at"
            + " least one query"))
        .score();
    return new RetrievedPair(pair, className, best, matches);
  }

  /** The pool pair's id. */
  public String id() {
    return pair.id();
  }
}
