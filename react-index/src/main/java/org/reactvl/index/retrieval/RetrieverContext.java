package org.reactvl.index.retrieval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.embed.Embedder;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolVectors;
import org.reactvl.index.text.CaptionTextIndex;

/**
 * What a {@link RetrieverProvider} builds a retriever from: the embedder for queries, the pool
 * stores, and any resources of the provider's own (a search client, a pair list, a re-ranker),
 * carried as typed {@linkplain Attribute attributes}. Immutable; the stores, embedder and
 * attribute values stay owned by the caller.
 *
 * <pre>{@code
 * var context = RetrieverContext.of(embedder).withImageStore(images).withCaptionStore(captions);
 * // the hybrid retriever also needs the pool's caption words:
 * context = context.withTextIndex(text);
 *
 * // a provider's own resource:
 * public static final RetrieverContext.Attribute<SearchClient> CLIENT = RetrieverContext.Attribute.of("acme.client", SearchClient.class);
 * Retriever r = Retrievers.create("acme", RetrieverContext.of(embedder).with(CLIENT, client));
 * // in the provider: SearchClient client = context.require(CLIENT, name());
 * }</pre>
 *
 * @param embedder embeds queries; its fingerprint must match the stores'
 * @param pool the pool's vector stores, if the retriever searches vectors
 * @param textIndex the pool's caption words (BM25; the hybrid retriever's keyword half)
 * @param attributes providers' own resources by key (unmodifiable; values are instances of their
 *     key's type)
 */
public record RetrieverContext(
    Embedder embedder, Optional<PoolVectors> pool, Optional<CaptionTextIndex> textIndex,
    Map<Attribute<?>, Object> attributes) {

  public RetrieverContext {
    Objects.requireNonNull(embedder, "embedder must not be null");
    Objects.requireNonNull(pool, "pool must not be null (use Optional.empty())");
    Objects.requireNonNull(textIndex, "textIndex must not be null (use Optional.empty())");
    attributes.forEach((key, value) -> key.type().cast(value));
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
  }

  /** A context with an embedder and no stores or attributes yet. */
  public static RetrieverContext of(Embedder embedder) {
    return new RetrieverContext(embedder, Optional.empty(), Optional.empty(), Map.of());
  }

  /** This context with {@code pool} as the pool's stores. */
  public RetrieverContext withPool(PoolVectors pool) {
    return new RetrieverContext(embedder, Optional.of(pool), textIndex, attributes);
  }

  /** This context with {@code store} as the pool's image store. */
  public RetrieverContext withImageStore(EmbeddingStore store) {
    return withPool(PoolVectors.adding(pool.orElse(null), PoolKey.IMAGE, store));
  }

  /** This context with {@code store} as the pool's caption store. */
  public RetrieverContext withCaptionStore(EmbeddingStore store) {
    return withPool(PoolVectors.adding(pool.orElse(null), PoolKey.CAPTION, store));
  }

  /** The pool's image store, if any. */
  public Optional<EmbeddingStore> imageStore() {
    return pool.flatMap(PoolVectors::images);
  }

  /** The pool's caption store, if any. */
  public Optional<EmbeddingStore> captionStore() {
    return pool.flatMap(PoolVectors::captions);
  }

  /** This context with {@code value} under {@code key} (replacing an earlier value). */
  public <T> RetrieverContext with(Attribute<T> key, T value) {
    Objects.requireNonNull(key, "attribute key must not be null");
    Objects.requireNonNull(value, "value of attribute '" + key.name() + "' must not be null");
    Map<Attribute<?>, Object> more = new LinkedHashMap<>(attributes);
    more.put(key, value);
    return new RetrieverContext(embedder, pool, textIndex, more);
  }

  /** The value under {@code key}, if set. */
  public <T> Optional<T> attribute(Attribute<T> key) {
    return Optional.ofNullable(attributes.get(key)).map(key.type()::cast);
  }

  /**
   * The value under {@code key}, for a provider that cannot work without it.
   *
   * @param retriever the retriever's name, for the message
   * @throws IllegalArgumentException naming the attribute and the retriever if it is not set
   */
  public <T> T require(Attribute<T> key, String retriever) {
    return attribute(key).orElseThrow(() -> new IllegalArgumentException("retriever '" + retriever + "' must have context attribute '"
        + key.name() + "' (" + key.type().getName() + "), but the context has " + attributes.keySet()));
  }

  /**
   * A typed key for a provider's own resource in a {@link RetrieverContext}. Keys are equal when
   * their names and types are; name them after the provider ({@code "acme.client"}).
   *
   * @param name the key's name
   * @param type the type its values have
   * @param <T> the value type
   */
  public record Attribute<T>(String name, Class<T> type) {
    public Attribute {
      Objects.requireNonNull(name, "attribute name must not be null");
      Objects.requireNonNull(type, "attribute type must not be null");
      if (name.isBlank()) {
        throw new IllegalArgumentException("attribute name must not be blank, but was '" + name + "'");
      }
    }

    /** A key named {@code name} for values of {@code type}. */
    public static <T> Attribute<T> of(String name, Class<T> type) {
      return new Attribute<>(name, type);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** This context with {@code index} as the pool's caption text index. */
  public RetrieverContext withTextIndex(CaptionTextIndex index) {
    return new RetrieverContext(embedder, pool, Optional.of(index), attributes);
  }
}
