package org.reactvl.index;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A k-nearest-neighbour query: the query vector, how many hits to return, how wide an approximate
 * store should search, and optional restrictions.
 *
 * <p>Immutable and thread-safe; the query array is copied in and out. Build with {@link #builder}:
 *
 * <pre>{@code
 * var request = SearchRequest.builder(queryVector).k(10).candidates(100)
 *     .filter(MetadataFilter.eq("split", "train")).minScore(0.2f).build();
 * }</pre>
 *
 * @param query finite, not all zero; compared by cosine (stores normalise it)
 * @param k how many hits to return at most, in [1, {@value #MAX_K}]
 * @param candidates how many candidates an approximate store collects before keeping the best {@code
 *     k} (the HNSW beam); in [k, {@value #MAX_K}]; exact stores ignore it. More candidates: better
 *     recall, slower queries.
 * @param filter only entries whose metadata pass it are returned
 * @param minScore hits scoring below it are dropped; {@link Float#NEGATIVE_INFINITY} for none
 */
public record SearchRequest(
    float[] query, int k, int candidates, Optional<MetadataFilter> filter, float minScore) {

  /** Hits returned when the builder is not told otherwise. */
  public static final int DEFAULT_K = 10;

  /** The candidate count used when the builder is not told: {@code max(k, DEFAULT_CANDIDATES)}. */
  public static final int DEFAULT_CANDIDATES = 100;

  /** Upper bound of {@code k} and {@code candidates}. */
  public static final int MAX_K = 100_000;

  public SearchRequest {
    Objects.requireNonNull(query, "query vector must not be null");
    query = query.clone();
    EmbeddingEntry.checkVector(query, "the query");
    if (k < 1 || k > MAX_K) {
      throw new IllegalArgumentException("k must be in [1, " + MAX_K + "], but was " + k);
    }
    if (candidates < k || candidates > MAX_K) {
      throw new IllegalArgumentException(
          "candidates must be in [k=" + k + ", " + MAX_K + "], but was " + candidates);
    }
    Objects.requireNonNull(filter, "filter must not be null (use Optional.empty())");
    if (Float.isNaN(minScore)) {
      throw new IllegalArgumentException("minScore must be a number or -Infinity, but was NaN");
    }
  }

  /** A builder for a query vector, with k = {@value #DEFAULT_K} and no filter. */
  public static Builder builder(float[] query) {
    return new Builder(query);
  }

  /** A copy of the query vector as given. */
  @Override
  public float[] query() {
    return query.clone();
  }

  /** The query scaled to unit L2 norm. A fresh array. */
  public float[] unitQuery() {
    return UnitVectors.normalized(query);
  }

  /** Number of query components. */
  public int dimension() {
    return query.length;
  }

  /** Whether a hit with this score passes {@link #minScore()}. */
  public boolean accepts(float score) {
    return score >= minScore;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SearchRequest that
        && Arrays.equals(query, that.query)
        && k == that.k
        && candidates == that.candidates
        && filter.equals(that.filter)
        && Float.compare(minScore, that.minScore) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(query), k, candidates, filter, minScore);
  }

  @Override
  public String toString() {
    return "SearchRequest[dimension=" + query.length + ", k=" + k + ", candidates=" + candidates
        + ", filter=" + filter + ", minScore=" + minScore + "]";
  }

  /** Builds {@link SearchRequest}s; not thread-safe. */
  public static final class Builder {
    private final float[] query;
    private int k = DEFAULT_K;
    private Integer candidates;
    private MetadataFilter filter;
    private float minScore = Float.NEGATIVE_INFINITY;

    private Builder(float[] query) {
      this.query = Objects.requireNonNull(query, "query vector must not be null").clone();
    }

    /** Hits to return at most. */
    public Builder k(int k) {
      this.k = k;
      return this;
    }

    /** Candidates an approximate store collects; default {@code max(k, DEFAULT_CANDIDATES)}. */
    public Builder candidates(int candidates) {
      this.candidates = candidates;
      return this;
    }

    /** Restricts the search to entries passing {@code filter}. */
    public Builder filter(MetadataFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter must not be null");
      return this;
    }

    /** Drops hits scoring below {@code minScore} (cosine, in [-1, 1]). */
    public Builder minScore(float minScore) {
      this.minScore = minScore;
      return this;
    }

    public SearchRequest build() {
      int beam = candidates != null ? candidates : Math.max(k, DEFAULT_CANDIDATES);
      return new SearchRequest(query, k, beam, Optional.ofNullable(filter), minScore);
    }
  }
}
