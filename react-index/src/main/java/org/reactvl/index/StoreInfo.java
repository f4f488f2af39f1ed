package org.reactvl.index;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a store holds: its name (for messages and logs), the vector dimension, metric and encoding, and
 * free-form properties fixed when the store was created and persisted with it (for example the
 * fingerprint of the model that produced the vectors, so a pool indexed with one model is not searched
 * with another's queries). Immutable and thread-safe.
 *
 * @param name a label for messages, non-blank
 * @param dimension components per vector, positive
 * @param metric how vectors are compared
 * @param encoding how the searched vectors are kept
 * @param properties set once at creation
 */
public record StoreInfo(
    String name,
    int dimension,
    SimilarityMetric metric,
    VectorEncoding encoding,
    Map<String, String> properties) {

  public StoreInfo {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException(
          "store name must be non-blank, but was " + (name == null ? "null" : "'" + name + "'"));
    }
    if (dimension < 1) {
      throw new IllegalArgumentException(
          "dimension of store '" + name + "' must be positive, but was " + dimension);
    }
    Objects.requireNonNull(metric, "metric must not be null");
    Objects.requireNonNull(encoding, "encoding must not be null");
    properties = checkProperties(properties);
  }

  /** Validates property keys (non-blank) and values (non-null) and returns an immutable copy. */
  public static Map<String, String> checkProperties(Map<String, String> properties) {
    Objects.requireNonNull(properties, "store properties must not be null");
    for (var e : properties.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null) {
        throw new IllegalArgumentException(
            "store properties must have non-blank keys and non-null values, but had "
                + e.getKey() + "=" + e.getValue());
      }
    }
    return Map.copyOf(properties);
  }

  /** Throws IAE naming the entry unless every entry has this store's dimension. */
  public void checkEntries(List<EmbeddingEntry> entries) {
    Objects.requireNonNull(entries, "entries must not be null");
    for (EmbeddingEntry entry : entries) {
      Objects.requireNonNull(entry, "entries must not contain null");
      if (entry.dimension() != dimension) {
        throw new IllegalArgumentException(
            "dimension of entry '" + entry.id() + "' must be " + dimension + " (store '" + name
                + "'), but was " + entry.dimension());
      }
    }
  }

  /** Throws IAE unless the query has this store's dimension. */
  public void checkQuery(SearchRequest request) {
    Objects.requireNonNull(request, "search request must not be null");
    if (request.dimension() != dimension) {
      throw new IllegalArgumentException(
          "query dimension must be " + dimension + " (store '" + name + "'), but was " + request.dimension());
    }
  }
}
