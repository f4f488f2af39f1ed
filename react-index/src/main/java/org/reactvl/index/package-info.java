/**
 * Where REACT finds knowledge: stores of id-keyed embeddings searched by cosine similarity.
 *
 * <p>{@link org.reactvl.index.EmbeddingStore} is the one interface; entries go in as {@link
 * org.reactvl.index.EmbeddingEntry} batches (L2-normalised on the way in, atomic per batch),
 * queries as {@link org.reactvl.index.SearchRequest}s (k, candidates, an optional {@link
 * org.reactvl.index.MetadataFilter} and score floor), results come back as {@link
 * org.reactvl.index.Hit}s, best first, ties by id. {@link org.reactvl.index.StoreInfo} carries a
 * store's dimension, encoding and the properties fixed at creation, such as the fingerprint of the
 * model whose vectors it holds.
 *
 * <h2>Which store</h2>
 *
 * <ul>
 *   <li>{@link org.reactvl.index.ExactEmbeddingStore}: brute force, exact, on the heap (4 bytes per
 *       component), optionally journaled to a file. Use it up to a few hundred thousand vectors, for
 *       tests (it is the oracle) and whenever queries come in large batches: REACT's class x template
 *       queries are one matrix product. One query costs a pass over all vectors (100k x 512: 15-25
 *       queries/s on one core); a batch of 200 runs at 200-350 queries/s on two cores.
 *   <li>{@link org.reactvl.index.lucene.LuceneEmbeddingStore}: HNSW graphs on disk; approximate, but
 *       well under a millisecond per query at 100k (600-4,000 queries/s on one core, by candidate
 *       count and encoding), growing only slowly with the pool. Indexing is the slow part: about 600
 *       vectors/s per core at 512 dimensions, plus a comparable time to force-merge. Use it
 *       for pools of millions of vectors, and when the store must survive restarts and crashes.
 *   <li>{@code org.reactvl.index.solr.SolrEmbeddingStore} (artifact {@code react-index-solr}): the
 *       same HNSW graphs in a SolrCloud collection, sharded and replicated over many machines, indexed by many machines at once. Every
 *       query is a network round trip fanned out to every shard: on one 2-core machine hosting a 2-node
 *       cluster, 20k x 512 indexed at ~730 vectors/s and answered ~120 queries/s, against ~930 and
 *       ~1,200-1,500 for the Lucene store. Use it for pools that outgrow one machine (hundreds of
 *       millions of pairs), or that a search cluster already holds.
 * </ul>
 *
 * <p>A store of your own implements {@link org.reactvl.index.EmbeddingStore}, can run the JUnit
 * contract tests of the test-jar, and can use {@link org.reactvl.index.StoreLifecycle} for its
 * open/closed state and parallel batch search, as the Lucene and Solr stores do.
 *
 * <h2>Which encoding (Lucene)</h2>
 *
 * <p>All encodings keep the full-precision floats on disk (for re-scoring and {@code get}); they differ
 * in what graph search reads, which is what must stay in the page cache to be fast. Measured with
 * {@code SearchBenchmark} (artifact {@code react-bench}) on 100,000 clustered 512-d unit vectors, 200
 * queries, HNSW M 16, beam width 100, one segment:
 *
 * <table>
 *   <caption>Memory per vector and recall@10 against the exact top 10, by candidate count</caption>
 *   <tr><th>encoding</th><th>searched bytes/vector</th><th>disk bytes/vector</th>
 *       <th>recall@10 at 20 / 50 / 100 candidates</th><th>same, re-scored</th></tr>
 *   <tr><td>FLOAT32</td><td>2,091</td><td>2,107</td><td>0.968 / 0.995 / 1.0</td><td>(exact already)</td></tr>
 *   <tr><td>INT8</td><td>571</td><td>2,635</td><td>0.949 / 0.975 / 0.975</td><td>0.974 / 1.0 / 1.0</td></tr>
 *   <tr><td>INT4</td><td>315</td><td>2,379</td><td>0.684 / 0.702 / 0.706</td><td>0.883 / 0.991 / 1.0</td></tr>
 *   <tr><td>BINARY</td><td>127</td><td>2,191</td><td>0.321 / 0.342 / 0.343</td><td>0.506 / 0.857 / 0.996</td></tr>
 * </table>
 *
 * <ul>
 *   <li>Without re-scoring, quantized recall stops rising with more candidates: the quantized scores
 *       cannot order the close neighbours. Re-scoring with the stored floats fixes that at the cost of
 *       reading each candidate's floats, so it wants more candidates (50-100), not more memory.
 *   <li>FLOAT32 when the searched vectors fit in memory; INT8 with re-scoring as the default for large
 *       pools (a quarter of the memory, same recall); INT4 or BINARY with re-scoring and 100 candidates
 *       when memory is what limits you (tens of millions of vectors on one machine).
 *   <li>The candidate count ({@link org.reactvl.index.SearchRequest#candidates()}) is the recall/speed
 *       dial of every approximate store; its default ({@value
 *       org.reactvl.index.SearchRequest#DEFAULT_CANDIDATES}) is on the safe side of these figures.
 * </ul>
 *
 * <p>Errors: {@link java.lang.IllegalArgumentException} for bad entries and queries (wrong dimension,
 * non-finite or zero vectors, bad k) and mismatched store options, {@link
 * java.lang.IllegalStateException} after {@code close()}, {@link org.reactvl.index.StoreFormatException}
 * for stored data that is not a store or is corrupt, {@link org.reactvl.core.ReactException} for I/O
 * failures.
 */
package org.reactvl.index;
