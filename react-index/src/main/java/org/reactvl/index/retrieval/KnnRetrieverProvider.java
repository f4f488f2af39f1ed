package org.reactvl.index.retrieval;

/** Registers {@link KnnRetriever} under the name {@value KnnRetriever#NAME}. */
public final class KnnRetrieverProvider implements RetrieverProvider {

  @Override
  public String name() {
    return KnnRetriever.NAME;
  }

  @Override
  public Retriever create(RetrieverContext context) {
    KnnRetriever.Builder builder = KnnRetriever.builder(context.embedder());
    context.pool().ifPresent(builder::pool);
    return builder.build();
  }
}
