package org.reactvl.index.retrieval;

import java.util.Objects;
import java.util.Optional;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.embed.Embedder;
import org.reactvl.index.text.CaptionTextIndex;

/**
 * What a {@link RetrieverProvider} builds a retriever from: the embedder for queries and the pool
 * stores. Immutable; the stores and embedder stay owned by the caller.
 *
 * <pre>{@code
 * var context = RetrieverContext.of(embedder).withImageStore(images).withCaptionStore(captions).withTextIndex(text);
 * }</pre>
 *
 * @param embedder embeds queries; its fingerprint must match the stores'
 * @param imageStore image vectors of the pool (T2I, I2I)
 * @param captionStore caption vectors of the pool (T2T)
 * @param textIndex the pool's caption words (BM25; the hybrid retriever's keyword half)
 */
public record RetrieverContext(
    Embedder embedder, Optional<EmbeddingStore> imageStore, Optional<EmbeddingStore> captionStore,
    Optional<CaptionTextIndex> textIndex) {

  public RetrieverContext {
    Objects.requireNonNull(embedder, "embedder must not be null");
    Objects.requireNonNull(imageStore, "imageStore must not be null (use Optional.empty())");
    Objects.requireNonNull(captionStore, "captionStore must not be null (use Optional.empty())");
    Objects.requireNonNull(textIndex, "textIndex must not be null (use Optional.empty())");
  }

  /** A context with an embedder and no stores yet. */
  public static RetrieverContext of(Embedder embedder) {
    return new RetrieverContext(embedder, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** This context with {@code store} as the image store. */
  public RetrieverContext withImageStore(EmbeddingStore store) {
    return new RetrieverContext(embedder, Optional.of(store), captionStore, textIndex);
  }

  /** This context with {@code store} as the caption store. */
  public RetrieverContext withCaptionStore(EmbeddingStore store) {
    return new RetrieverContext(embedder, imageStore, Optional.of(store), textIndex);
  }

  /** This context with {@code index} as the caption text index. */
  public RetrieverContext withTextIndex(CaptionTextIndex index) {
    return new RetrieverContext(embedder, imageStore, captionStore, Optional.of(index));
  }
}
