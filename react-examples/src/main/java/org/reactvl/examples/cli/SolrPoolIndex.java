package org.reactvl.examples.cli;

import java.util.Locale;
import org.reactvl.index.EmbeddingStore;
import org.reactvl.index.VectorEncoding;
import org.reactvl.index.embed.Embedder;
import org.reactvl.index.pool.PoolKey;
import org.reactvl.index.pool.PoolStores;
import org.reactvl.index.solr.SolrLocation;
import org.reactvl.index.solr.SolrStoreOptions;

/**
 * A pool's stores in SolrCloud: {@code --store solr://HOST:PORT/NAME} (or {@code solr+zk://...}) names
 * the cluster and a base name; the image and caption stores are the collections {@code NAME-images} and
 * {@code NAME-captions}, which carry the model fingerprint and key as store properties (so no {@code
 * index.json} is needed).
 *
 * @param base the cluster and the base name
 * @param create whether missing collections are created ({@code index}) or an error ({@code retrieve})
 * @param shards shards of a created collection
 * @param replicas replicas per shard of a created collection
 */
record SolrPoolIndex(SolrLocation base, boolean create, int shards, int replicas) implements PoolLocation {

  /** The stores of {@code index}: created when missing, FLOAT32 only (Solr 9.10 has no quantized vectors). */
  static SolrPoolIndex forIndexing(String location, VectorEncoding encoding, int shards, int replicas) {
    if (encoding != VectorEncoding.FLOAT32) {
      throw new IllegalArgumentException("--encoding must be float32 with --store (Solr 9.10 has no quantized vector "
          + "fields), but was " + encoding.name().toLowerCase(Locale.ROOT));
    }
    return new SolrPoolIndex(SolrLocation.parse(location), true, shards, replicas);
  }

  /** The stores of {@code retrieve}: they must exist. */
  static SolrPoolIndex forRetrieval(String location) {
    return new SolrPoolIndex(SolrLocation.parse(location), false, SolrStoreOptions.DEFAULT_SHARDS, 1);
  }

  @Override
  public EmbeddingStore openStore(PoolKey key, Embedder embedder) {
    SolrLocation location = base.withCollection(base.collection() + "-" + key.label() + "s");
    SolrStoreOptions options = SolrStoreOptions.builder(location, embedder.dimension()).createIfMissing(create)
        .shards(shards).replicas(replicas).build();
    return PoolStores.openSolr(options, key, embedder.fingerprint());
  }
}
