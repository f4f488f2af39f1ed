package org.reactvl.index.retrieval;

/**
 * Finds, for a list of classes, the pool pairs to customize a model with: REACT's first stage. The
 * extension point for other retrieval strategies (a hybrid text search, a remote service, a
 * re-ranker); {@link KnnRetriever} is the built-in one.
 *
 * <p>Implementations document their thread-safety; the built-in one is thread-safe. Providers make
 * retrievers findable by name ({@link RetrieverProvider}, {@link Retrievers}).
 *
 * <pre>{@code
 * Retriever retriever = Retrievers.create("knn", RetrieverContext.of(embedder).withImageStore(images));
 * RetrievedSet set = retriever.retrieve(RetrievalRequest.builder(List.of("dog", "cat")).perClass(200).build());
 * set.write(Path.of("retrieved.jsonl"));
 * }</pre>
 */
public interface Retriever {

  /** The name this retriever is registered under (and recorded in the sets it makes). */
  String name();

  /**
   * Retrieves pairs for every class of the request.
   *
   * @throws IllegalArgumentException if the request asks for what this retriever cannot do (a mode
   *     whose store it lacks, say)
   */
  RetrievedSet retrieve(RetrievalRequest request);
}
