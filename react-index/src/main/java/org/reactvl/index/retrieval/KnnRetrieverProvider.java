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
    context.imageStore().ifPresent(builder::imageStore);
    context.captionStore().ifPresent(builder::captionStore);
    return builder.build();
  }
}
