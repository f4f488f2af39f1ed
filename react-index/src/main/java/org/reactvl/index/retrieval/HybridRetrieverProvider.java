package org.reactvl.index.retrieval;

/** Registers {@link HybridRetriever} under the name {@value HybridRetriever#NAME}. */
public final class HybridRetrieverProvider implements RetrieverProvider {

  @Override
  public String name() {
    return HybridRetriever.NAME;
  }

  /**
   * @throws IllegalArgumentException if the context has no caption text index
   */
  @Override
  public Retriever create(RetrieverContext context) {
    HybridRetriever.Builder builder = HybridRetriever.builder(context.embedder(), context.textIndex().orElseThrow(
        () -> new IllegalArgumentException("the hybrid retriever needs a caption text index (RetrieverContext.withTextIndex), "
            + "but the context has none; index the pool with a text index first")));
    context.pool().ifPresent(builder::pool);
    return builder.build();
  }
}
