package org.reactvl.index.retrieval;

import java.util.List;
import java.util.Objects;

/**
 * How a retrieved set was made: the header of its manifest, and part of its digest. Immutable.
 *
 * @param retriever the retriever's name ({@code knn})
 * @param mode T2I, T2T or I2I
 * @param model fingerprint of the model whose space was searched, or {@link #NO_MODEL} for a retriever
 *     that embeds nothing (keyword matching, say)
 * @param classes the class list, in order
 * @param templates the prompt templates (text modes; empty for I2I)
 * @param perQuery neighbours asked per query
 * @param perClass cap per class ({@link RetrievalRequest#UNLIMITED} for none)
 * @param minScore score floor ({@link Float#NEGATIVE_INFINITY} for none)
 * @param duplicateThreshold near-duplicate threshold ({@link Float#POSITIVE_INFINITY} for none)
 */
public record RetrievedSetInfo(
    String retriever,
    RetrievalMode mode,
    String model,
    List<String> classes,
    List<String> templates,
    int perQuery,
    int perClass,
    float minScore,
    float duplicateThreshold) {

  /** The {@link #model} of a set that no model's embeddings found. */
  public static final String NO_MODEL = "none";

  public RetrievedSetInfo {
    Objects.requireNonNull(retriever, "retriever must not be null");
    Objects.requireNonNull(mode, "mode must not be null");
    Objects.requireNonNull(model, "model fingerprint must not be null");
    classes = List.copyOf(classes);
    if (classes.isEmpty()) {
      throw new IllegalArgumentException("a retrieved set must have at least one class, but had none");
    }
    templates = List.copyOf(templates);
  }

  /**
   * A builder for the header of a set that {@code retriever} made in {@code mode}, in model
   * {@code model}'s space, for {@code classes}; the rest defaults to no templates, {@value
   * RetrievalRequest#DEFAULT_PER_QUERY} per query, and no cap, score floor or near-duplicate threshold.
   */
  public static Builder builder(String retriever, RetrievalMode mode, String model, List<String> classes) {
    return new Builder(retriever, mode, model, classes);
  }

  /** The header of a set retrieved by {@code retriever} for {@code request} in model {@code model}'s space. */
  public static RetrievedSetInfo of(String retriever, String model, RetrievalRequest request) {
    return new RetrievedSetInfo(retriever, request.mode(), model, request.classes(),
        request.mode().textQueries() ? request.templates().templates() : List.of(), request.perQuery(),
        request.perClass(), request.minScore(), request.duplicateThreshold());
  }

  /**
   * Whether this set was searched in the space of a model other than the one with {@code
   * fingerprint}: training on it is allowed, but worth saying. A set found without a model is not.
   */
  public boolean searchedWithOtherModel(String fingerprint) {
    return !model.equals(NO_MODEL) && !model.equals(fingerprint);
  }

  /** Settings of a {@link RetrievedSetInfo}; not thread-safe. */
  public static final class Builder {
    private final String retriever;
    private final RetrievalMode mode;
    private final String model;
    private final List<String> classes;
    private List<String> templates = List.of();
    private int perQuery = RetrievalRequest.DEFAULT_PER_QUERY;
    private int perClass = RetrievalRequest.UNLIMITED;
    private float minScore = Float.NEGATIVE_INFINITY;
    private float duplicateThreshold = Float.POSITIVE_INFINITY;

    private Builder(String retriever, RetrievalMode mode, String model, List<String> classes) {
      this.retriever = retriever;
      this.mode = mode;
      this.model = model;
      this.classes = classes;
    }

    /** The prompt templates of text queries. */
    public Builder templates(List<String> templates) {
      this.templates = Objects.requireNonNull(templates, "templates must not be null");
      return this;
    }

    /** Neighbours asked per query. */
    public Builder perQuery(int perQuery) {
      this.perQuery = perQuery;
      return this;
    }

    /** The cap per class. */
    public Builder perClass(int perClass) {
      this.perClass = perClass;
      return this;
    }

    /** The score floor. */
    public Builder minScore(float minScore) {
      this.minScore = minScore;
      return this;
    }

    /** The near-duplicate threshold. */
    public Builder duplicateThreshold(float duplicateThreshold) {
      this.duplicateThreshold = duplicateThreshold;
      return this;
    }

    /** The header. */
    public RetrievedSetInfo build() {
      return new RetrievedSetInfo(retriever, mode, model, classes, templates, perQuery, perClass, minScore, duplicateThreshold);
    }
  }
}
