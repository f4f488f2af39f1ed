package org.reactvl.examples.cli;

import java.util.Map;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.VectorEncoding;
import org.reactvl.index.embed.Embedder;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolStoreProviders;
import org.reactvl.index.pool.PoolStoreRequest;

/**
 * A pool's stores at a location URI ({@code --store}), opened by the store provider of its scheme:
 * {@code solr://HOST:PORT/NAME} or {@code solr+zk://...} with react-index-solr on the class path.
 *
 * @param location the URI
 * @param create whether missing stores are created ({@code index}) or an error ({@code retrieve})
 * @param encoding how vectors are stored
 * @param settings the provider's settings, such as {@code shards}
 */
record StoreLocation(String location, boolean create, VectorEncoding encoding, Map<String, String> settings)
    implements PoolLocation {

  /** The stores of {@code index}: created when missing. */
  static StoreLocation forIndexing(String location, VectorEncoding encoding, Map<String, String> settings) {
    return new StoreLocation(location, true, encoding, settings);
  }

  /** The stores of {@code retrieve}: they must exist. */
  static StoreLocation forRetrieval(String location) {
    return new StoreLocation(location, false, VectorEncoding.FLOAT32, Map.of());
  }

  @Override
  public EmbeddingStore openStore(PoolKey key, Embedder embedder) {
    PoolStoreRequest.Builder request = PoolStoreRequest.builder(location, key, embedder.fingerprint(),
        embedder.dimension()).encoding(encoding).createIfMissing(create);
    settings.forEach(request::setting);
    return PoolStoreProviders.open(request.build());
  }
}
