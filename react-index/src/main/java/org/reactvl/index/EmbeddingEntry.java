package org.reactvl.index;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * One vector to store: an id unique within its store, the vector and string metadata (filterable).
 *
 * <p>The vector may have any non-zero length: stores L2-normalise it on the way in (see {@link
 * #unitVector()}), so {@link EmbeddingStore#get} returns the unit vector, not the one given here.
 * The array is copied in and out; instances are immutable and thread-safe.
 *
 * <pre>{@code
 * var entry = new EmbeddingEntry("img-42", clipImageEmbedding, Map.of("source", "laion"));
 * }</pre>
 *
 * @param id non-blank identifier; upserting an entry with an existing id replaces it
 * @param vector finite components, not all zero
 * @param metadata keys non-blank; values any string (empty included)
 */
public record EmbeddingEntry(String id, float[] vector, Map<String, String> metadata) {

  public EmbeddingEntry {
    checkId(id);
    Objects.requireNonNull(vector, () -> "vector of entry '" + id + "' must not be null");
    vector = vector.clone();
    checkVector(vector, "entry '" + id + "'");
    metadata = checkMetadata(metadata, id);
  }

  /** An entry without metadata. */
  public EmbeddingEntry(String id, float[] vector) {
    this(id, vector, Map.of());
  }

  /** A copy of the vector as given. */
  @Override
  public float[] vector() {
    return vector.clone();
  }

  /** Number of components. */
  public int dimension() {
    return vector.length;
  }

  /** The vector scaled to unit L2 norm: what stores keep and compare. A fresh array. */
  public float[] unitVector() {
    return UnitVectors.normalized(vector);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EmbeddingEntry that
        && id.equals(that.id)
        && Arrays.equals(vector, that.vector)
        && metadata.equals(that.metadata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, Arrays.hashCode(vector), metadata);
  }

  @Override
  public String toString() {
    return "EmbeddingEntry[id=" + id + ", dimension=" + vector.length + ", metadata=" + metadata + "]";
  }

  static void checkId(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("entry id must be non-blank, but was " + quoted(id));
    }
  }

  /** Rejects empty, non-finite and all-zero vectors; {@code owner} names the vector in messages. */
  static void checkVector(float[] vector, String owner) {
    if (vector.length == 0) {
      throw new IllegalArgumentException("vector of " + owner + " must have at least one component, but was empty");
    }
    for (int i = 0; i < vector.length; i++) {
      if (!Float.isFinite(vector[i])) {
        throw new IllegalArgumentException(
            "vector of " + owner + " must be finite, but component " + i + " was " + vector[i]);
      }
    }
    if (UnitVectors.norm(vector) == 0) {
      throw new IllegalArgumentException(
          "vector of " + owner + " must have a non-zero norm (it is compared by cosine), but all "
              + vector.length + " components were zero");
    }
  }

  private static Map<String, String> checkMetadata(Map<String, String> metadata, String id) {
    Objects.requireNonNull(metadata, () -> "metadata of entry '" + id + "' must not be null");
    for (var e : metadata.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        throw new IllegalArgumentException(
            "metadata keys of entry '" + id + "' must be non-blank, but one was " + quoted(e.getKey()));
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException(
            "metadata value '" + e.getKey() + "' of entry '" + id + "' must not be null");
      }
    }
    return Map.copyOf(metadata);
  }

  private static String quoted(String s) {
    return s == null ? "null" : "'" + s + "'";
  }
}
