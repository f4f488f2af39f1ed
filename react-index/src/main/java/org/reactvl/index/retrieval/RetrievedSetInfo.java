package org.reactvl.index.retrieval;

import java.util.List;
import java.util.Objects;

/**
 * How a retrieved set was made: the header of its manifest, and part of its digest. Immutable.
 *
 * @param retriever the retriever's name ({@code knn})
 * @param mode T2I, T2T or I2I
 * @param model fingerprint of the model whose space was searched
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

  /** The header of a set retrieved by {@code retriever} for {@code request} in model {@code model}'s space. */
  public static RetrievedSetInfo of(String retriever, String model, RetrievalRequest request) {
    return new RetrievedSetInfo(retriever, request.mode(), model, request.classes(),
        request.mode().textQueries() ? request.templates().templates() : List.of(), request.perQuery(),
        request.perClass(), request.minScore(), request.duplicateThreshold());
  }
}
