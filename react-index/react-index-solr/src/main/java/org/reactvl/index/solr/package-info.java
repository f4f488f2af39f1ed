/**
 * {@link org.reactvl.index.solr.SolrEmbeddingStore}: an embedding store in a SolrCloud collection, for
 * pools that outgrow one machine (LAION-400M: 400M x 512 floats is 800 GB of vectors alone).
 *
 * <p>Solr's dense vector field is Lucene HNSW, the same graph as {@link
 * org.reactvl.index.lucene.LuceneEmbeddingStore}, kept per shard. SolrCloud spreads the shards over
 * nodes, replicates them, routes each document to its shard by a hash of its id and merges the shards'
 * answers. The store talks to it through SolrJ (HTTP/2), reaching the cluster through Solr nodes or
 * through ZooKeeper ({@link org.reactvl.index.solr.SolrLocation}).
 *
 * <h2>What the store creates</h2>
 *
 * <ul>
 *   <li>A configset {@code react-store.COLLECTION}: {@code solrconfig.xml} (hard commit by the store after
 *       each batch, auto-commit every 15 s without opening a searcher, the schema codec that carries the
 *       HNSW parameters), {@code schema.xml} and {@code react-store.json} (dimension, HNSW parameters and
 *       the store properties, checked on every open).
 *   <li>The schema: {@code id} (string, the entry id; doc values for the id tie-break), {@code vector}
 *       ({@code solr.DenseVectorField}, the store's dimension, {@code dot_product}, {@code hnsw} with
 *       {@code hnswMaxConnections} = maxConn and {@code hnswBeamWidth} = beamWidth; stored, for {@code
 *       get}), {@code m_*} (one string field per metadata key, indexed for filters and stored for hits)
 *       and {@code _version_}.
 *   <li>The collection, with the configset, {@code shards} shards of {@code replicas} NRT replicas each,
 *       documents routed by id (compositeId).
 * </ul>
 *
 * <h2>Differences from the local stores</h2>
 *
 * <ul>
 *   <li>FLOAT32 only: Solr 9.10's {@code DenseVectorField} offers float or byte vectors but no quantized
 *       HNSW formats (Lucene's scalar quantization reached Solr in 10.0).
 *   <li>{@code candidates} is per shard: S shards consider S x candidates in all, so recall at the same
 *       candidate count is at least the single-index one, and a request costs S graph searches.
 *   <li>A batch is atomic for readers of the same store object only; a batch that fails part-way may be
 *       partly stored (its {@link org.reactvl.index.solr.SolrStoreException} lists the ids to write
 *       again). Other processes may see a batch appear shard by shard.
 *   <li>Failures that may pass (nodes down, elections) are retried with exponential back-off ({@link
 *       org.reactvl.index.solr.RetryPolicy}); partial results are never returned.
 * </ul>
 *
 * <h2>Measured</h2>
 *
 * <p>With {@link org.reactvl.index.bench.SearchBenchmark} {@code --solr}, 20,000 clustered 512-d vectors,
 * 200 queries, on one shared 2-core machine that also ran the client, both Solr nodes and ZooKeeper (so
 * a lower bound for real clusters): indexing ~730 vectors/s in batches of 1,000 (each committed) plus 41
 * s to force-merge, ~120 queries/s one at a time and ~130 with 4 in flight, recall@10 1.0 at 20 and 50
 * candidates. Before the force-merge, the 20 small segments per shard cost recall (0.972 at 20): force-merge
 * after a bulk load. The Lucene store on the same data: ~930 vectors/s plus 18 s, 1,170-1,460 queries/s.
 *
 * <h2>Indexing one pool from many machines</h2>
 *
 * <p>Run one {@link org.reactvl.index.pool.PoolIndexer} per machine with {@code shard(i, n)} ({@code react
 * index --shard i/n --store solr://...}): each indexes the pairs whose id hashes to {@code i}, all into the
 * same collection. Indexing is resumable per machine, and the first to open a missing collection
 * creates it.
 */
package org.reactvl.index.solr;
