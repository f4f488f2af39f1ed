package org.reactvl.examples.host;

import org.reactvl.examples.emoji.EmojiCorpus;
import org.reactvl.index.retrieval.Retriever;
import org.reactvl.index.retrieval.RetrieverContext;
import org.reactvl.index.retrieval.RetrieverProvider;

/**
 * Registers {@link KeywordRetriever} under the name {@value KeywordRetriever#NAME}, over the emoji
 * pool ({@link EmojiCorpus#pool()} in the default render cache), through {@code
 * META-INF/services/org.reactvl.index.retrieval.RetrieverProvider}. String matching needs neither
 * the context's embedder nor its stores; the pool is loaded (and rendered, if the cache is empty) by
 * the first retrieval, not here.
 *
 * <pre>{@code
 * Retriever keyword = Retrievers.create("keyword", RetrieverContext.of(ClipEmbedder.of(clip, tokenizer)));
 * }</pre>
 */
public final class KeywordRetrieverProvider implements RetrieverProvider {

  @Override
  public String name() {
    return KeywordRetriever.NAME;
  }

  @Override
  public Retriever create(RetrieverContext context) {
    return KeywordRetriever.lazy(() -> EmojiPairs.of(EmojiCorpus.builder().build().pool()));
  }
}
