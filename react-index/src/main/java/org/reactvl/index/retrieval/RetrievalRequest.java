package org.reactvl.index.retrieval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.reactvl.core.text.PromptTemplates;
import org.reactvl.index.MetadataFilter;
import org.reactvl.index.SearchRequest;

/**
 * A class-balanced retrieval: which classes, how to query for them, and how much to keep.
 *
 * <p>Text modes ({@link RetrievalMode#T2I}, {@link RetrievalMode#T2T}) make one query per class and
 * template; {@link RetrievalMode#I2I} one per example image (or precomputed embedding) of each class.
 * Every query asks for {@code perQuery} neighbours; a class keeps at most {@code perClass} pairs after
 * merging and de-duplication (see {@link KnnRetriever}).
 *
 * <p>Immutable and thread-safe (embeddings are copied in and out). Build with {@link #builder}:
 *
 * <pre>{@code
 * var request = RetrievalRequest.builder(List.of("dog", "cat"))
 *     .templates(PromptTemplates.imagenet80()).perQuery(50).perClass(200)
 *     .minScore(0.2f).duplicateThreshold(0.98f).build();
 * }</pre>
 *
 * @param classes class names, non-blank and distinct, at least one
 * @param mode which queries search which store
 * @param templates the prompt templates (text modes)
 * @param classImages example image files per class (I2I)
 * @param classEmbeddings example embeddings per class, in the pool model's space (I2I)
 * @param perQuery neighbours asked of each query, in [1, {@value SearchRequest#MAX_K}]
 * @param perClass pairs kept per class at most; {@link #UNLIMITED} for no cap
 * @param candidates HNSW beam per query for approximate stores; 0 for the store's default ({@code
 *     max(perQuery, 100)})
 * @param minScore hits scoring below it are dropped; {@link Float#NEGATIVE_INFINITY} for no floor
 * @param duplicateThreshold within a class, a pair whose vector has at least this cosine similarity
 *     with a better-scoring kept pair is dropped as a near-duplicate; in (0, 1], or {@link
 *     Float#POSITIVE_INFINITY} to keep near-duplicates
 * @param filter restricts every search to pool entries whose metadata pass it
 */
public record RetrievalRequest(
    List<String> classes,
    RetrievalMode mode,
    PromptTemplates templates,
    Map<String, List<Path>> classImages,
    Map<String, List<float[]>> classEmbeddings,
    int perQuery,
    int perClass,
    int candidates,
    float minScore,
    float duplicateThreshold,
    Optional<MetadataFilter> filter) {

  /** {@code perClass} meaning "no cap". */
  public static final int UNLIMITED = Integer.MAX_VALUE;
  public static final int DEFAULT_PER_QUERY = 50;
  public static final float DEFAULT_DUPLICATE_THRESHOLD = 0.98f;

  public RetrievalRequest {
    Objects.requireNonNull(classes, "classes must not be null");
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("classes must hold at least one class name, but was empty");
    }
    Set<String> seen = new HashSet<>();
    for (String c : classes) {
      if (c == null || c.isBlank()) {
        throw new IllegalArgumentException("class names must be non-blank, but one was " + (c == null ? "null" : "'" + c + "'"));
      }
      if (!seen.add(c)) {
        throw new IllegalArgumentException("class names must be distinct, but '" + c + "' appears twice");
      }
    }
    classes = List.copyOf(classes);
    Objects.requireNonNull(mode, "mode must not be null");
    Objects.requireNonNull(templates, "templates must not be null");
    classImages = copyQueries(classImages, seen, "classImages", List::copyOf);
    classEmbeddings = copyQueries(classEmbeddings, seen, "classEmbeddings", RetrievalRequest::copyVectors);
    if (mode == RetrievalMode.I2I) {
      for (String c : classes) {
        if (classImages.getOrDefault(c, List.of()).isEmpty() && classEmbeddings.getOrDefault(c, List.of()).isEmpty()) {
          throw new IllegalArgumentException("I2I retrieval needs at least one example image or embedding per class,"
              + " but class '" + c + "' has none");
        }
      }
    }
    if (perClass < 1) {
      throw new IllegalArgumentException("perClass must be positive (or UNLIMITED), but was " + perClass);
    }
    if (perQuery < 1 || perQuery > SearchRequest.MAX_K) {
      throw new IllegalArgumentException("perQuery must be in [1, " + SearchRequest.MAX_K + "], but was " + perQuery);
    }
    if (candidates != 0 && (candidates < perQuery || candidates > SearchRequest.MAX_K)) {
      throw new IllegalArgumentException("candidates must be 0 (store default) or in [perQuery=" + perQuery + ", "
          + SearchRequest.MAX_K + "], but was " + candidates);
    }
    if (Float.isNaN(minScore)) {
      throw new IllegalArgumentException("minScore must be a number or -Infinity, but was NaN");
    }
    if (!(duplicateThreshold > 0 && duplicateThreshold <= 1) && duplicateThreshold != Float.POSITIVE_INFINITY) {
      throw new IllegalArgumentException("duplicateThreshold must be in (0, 1] or +Infinity (keep near-duplicates),"
          + " but was " + duplicateThreshold);
    }
    Objects.requireNonNull(filter, "filter must not be null (use Optional.empty())");
  }

  /** A builder for these classes: T2I, CLIP's 80 ImageNet templates, {@value #DEFAULT_PER_QUERY} per query, no cap. */
  public static Builder builder(List<String> classes) {
    return new Builder(classes);
  }

  /** Whether near-duplicates are removed. */
  public boolean removesNearDuplicates() {
    return duplicateThreshold != Float.POSITIVE_INFINITY;
  }

  /** The search for one query vector. */
  SearchRequest search(float[] query) {
    SearchRequest.Builder b = SearchRequest.builder(query).k(perQuery).minScore(minScore);
    if (candidates != 0) {
      b.candidates(candidates);
    }
    filter.ifPresent(b::filter);
    return b.build();
  }

  @Override
  public Map<String, List<float[]>> classEmbeddings() {
    return copyQueries(classEmbeddings, classEmbeddings.keySet(), "classEmbeddings", RetrievalRequest::copyVectors);
  }

  private static List<float[]> copyVectors(List<float[]> vectors) {
    List<float[]> out = new ArrayList<>(vectors.size());
    for (float[] v : vectors) {
      out.add(Objects.requireNonNull(v, "class embeddings must not contain null").clone());
    }
    return List.copyOf(out);
  }

  private static <T> Map<String, List<T>> copyQueries(
      Map<String, List<T>> queries, Set<String> classes, String what, java.util.function.UnaryOperator<List<T>> copy) {
    Objects.requireNonNull(queries, () -> what + " must not be null");
    Map<String, List<T>> out = new LinkedHashMap<>();
    for (var e : queries.entrySet()) {
      if (!classes.contains(e.getKey())) {
        throw new IllegalArgumentException(what + " must be keyed by the request's classes, but has '" + e.getKey() + "'");
      }
      out.put(e.getKey(), copy.apply(Objects.requireNonNull(e.getValue(), () -> what + " of '" + e.getKey() + "' is null")));
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Builds {@link RetrievalRequest}s; not thread-safe. */
  public static final class Builder {
    private final List<String> classes;
    private RetrievalMode mode = RetrievalMode.T2I;
    private PromptTemplates templates;
    private Map<String, List<Path>> classImages = Map.of();
    private Map<String, List<float[]>> classEmbeddings = Map.of();
    private int perQuery = DEFAULT_PER_QUERY;
    private int perClass = UNLIMITED;
    private int candidates;
    private float minScore = Float.NEGATIVE_INFINITY;
    private float duplicateThreshold = DEFAULT_DUPLICATE_THRESHOLD;
    private MetadataFilter filter;

    private Builder(List<String> classes) {
      this.classes = Objects.requireNonNull(classes, "classes must not be null");
    }

    /** T2I (default), T2T or I2I. */
    public Builder mode(RetrievalMode mode) {
      this.mode = mode;
      return this;
    }

    /** Prompt templates for text modes; default {@link PromptTemplates#imagenet80()}. */
    public Builder templates(PromptTemplates templates) {
      this.templates = templates;
      return this;
    }

    /** Example image files per class, for I2I. */
    public Builder classImages(Map<String, List<Path>> classImages) {
      this.classImages = classImages;
      return this;
    }

    /** Example embeddings per class, for I2I. */
    public Builder classEmbeddings(Map<String, List<float[]>> classEmbeddings) {
      this.classEmbeddings = classEmbeddings;
      return this;
    }

    /** Neighbours per query; default {@value RetrievalRequest#DEFAULT_PER_QUERY}. */
    public Builder perQuery(int perQuery) {
      this.perQuery = perQuery;
      return this;
    }

    /** Cap per class; default none. */
    public Builder perClass(int perClass) {
      this.perClass = perClass;
      return this;
    }

    /** HNSW beam per query; default the store's. */
    public Builder candidates(int candidates) {
      this.candidates = candidates;
      return this;
    }

    /** Score floor (cosine); default none. */
    public Builder minScore(float minScore) {
      this.minScore = minScore;
      return this;
    }

    /** Near-duplicate cosine threshold; default {@value RetrievalRequest#DEFAULT_DUPLICATE_THRESHOLD}. */
    public Builder duplicateThreshold(float duplicateThreshold) {
      this.duplicateThreshold = duplicateThreshold;
      return this;
    }

    /** Keep near-duplicates (only exact id duplicates are merged). */
    public Builder keepNearDuplicates() {
      this.duplicateThreshold = Float.POSITIVE_INFINITY;
      return this;
    }

    /** Searches only pool entries passing {@code filter}. */
    public Builder filter(MetadataFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter must not be null");
      return this;
    }

    public RetrievalRequest build() {
      PromptTemplates t = templates != null ? templates : PromptTemplates.imagenet80();
      return new RetrievalRequest(classes, mode, t, classImages, classEmbeddings, perQuery, perClass, candidates, minScore,
          duplicateThreshold, Optional.ofNullable(filter));
    }
  }
}
