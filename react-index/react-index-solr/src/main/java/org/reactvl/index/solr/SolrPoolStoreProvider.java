package org.reactvl.index.solr;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.VectorEncoding;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolStoreProvider;
import org.reactvl.index.pool.PoolStoreRequest;
import org.reactvl.index.pool.PoolStores;

/**
 * A pool's stores in SolrCloud, for {@link org.reactvl.index.pool.PoolStoreProviders}: a location
 * {@code solr://HOST:PORT/NAME} (or {@code solr+zk://...}) names the cluster and a base name; the image
 * and caption stores are the collections {@code NAME-images} and {@code NAME-captions}, which carry the
 * model fingerprint and key as store properties. Settings: {@code shards} and {@code replicas} of a
 * collection it creates. FLOAT32 only (Solr 9.10 has no quantized vectors). Stateless and thread-safe.
 */
public final class SolrPoolStoreProvider implements PoolStoreProvider {
  /** Setting: shards of a created collection (default {@value SolrStoreOptions#DEFAULT_SHARDS}). */
  public static final String SHARDS = "shards";
  /** Setting: replicas per shard of a created collection (default 1). */
  public static final String REPLICAS = "replicas";

  @Override
  public Set<String> schemes() {
    return Set.of(SolrLocation.SOLR_SCHEME, SolrLocation.ZOOKEEPER_SCHEME);
  }

  @Override
  public EmbeddingStore open(PoolStoreRequest request) {
    Objects.requireNonNull(request, "request must not be null");
    if (request.encoding() != VectorEncoding.FLOAT32) {
      throw new IllegalArgumentException("encoding must be float32 for a Solr store (Solr 9.10 has no quantized "
          + "vector fields), but was " + request.encoding().name().toLowerCase(Locale.ROOT));
    }
    for (String name : request.settings().keySet()) {
      if (!name.equals(SHARDS) && !name.equals(REPLICAS)) {
        throw new IllegalArgumentException("Solr store setting must be one of [" + SHARDS + ", " + REPLICAS
            + "], but was '" + name + "'");
      }
    }
    SolrLocation base = SolrLocation.parse(request.location());
    SolrLocation location = base.withCollection(base.collection() + "-" + request.key().label() + "s");
    SolrStoreOptions options = SolrStoreOptions.builder(location, request.dimension())
        .createIfMissing(request.createIfMissing())
        .shards(setting(request.settings(), SHARDS, SolrStoreOptions.DEFAULT_SHARDS))
        .replicas(setting(request.settings(), REPLICAS, 1)).build();
    return openPool(options, request.key(), request.fingerprint());
  }

  /**
   * Opens the Solr pool store of {@code options} (whose properties are replaced): a collection it creates
   * records {@code fingerprint} and {@code key}; an existing one must have recorded the same.
   *
   * @throws IllegalArgumentException if an existing collection was made by another model or for another
   *     key (its properties and these are named), or has another dimension
   */
  public static SolrEmbeddingStore openPool(SolrStoreOptions options, PoolKey key, String fingerprint) {
    Objects.requireNonNull(options, "options must not be null");
    SolrEmbeddingStore store = SolrEmbeddingStore.open(options.toBuilder()
        .properties(PoolStores.properties(fingerprint, key)).build());
    try {
      PoolStores.check(store, key, fingerprint, options.dimension());
    } catch (IllegalArgumentException e) {
      store.close();
      throw e;
    }
    return store;
  }

  private static int setting(Map<String, String> settings, String name, int defaultValue) {
    String value = settings.get(name);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Solr store setting '" + name + "' must be a whole number, but was '"
          + value + "'", e);
    }
  }
}
