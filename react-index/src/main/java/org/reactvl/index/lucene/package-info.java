/**
 * {@link org.reactvl.index.lucene.LuceneEmbeddingStore}: an on-disk HNSW store over Apache Lucene 10.6.
 *
 * <h2>How it is laid out</h2>
 *
 * <ul>
 *   <li>One Lucene document per entry: its id (a term, stored), its unit vector (a {@code
 *       KnnFloatVectorField} with dot-product similarity) and one term plus stored value per metadata key.
 *   <li>The vector format is Lucene's {@code Lucene99HnswVectorsFormat} for {@code FLOAT32} and {@code
 *       Lucene104HnswScalarQuantizedVectorsFormat} for the quantized encodings ({@code UNSIGNED_BYTE},
 *       {@code PACKED_NIBBLE}, {@code SINGLE_BIT_QUERY_NIBBLE}). It is installed through a codec that
 *       keeps the standard names, so plain Lucene reads the index; the codec raises the dimension limit
 *       from Lucene's 1024 to {@value org.reactvl.index.lucene.LuceneStoreOptions#MAX_DIMENSIONS}.
 *   <li>Every write call ends with a commit whose user data records {@code react.store.format} (1),
 *       {@code react.dimension}, {@code react.metric}, {@code react.encoding} and one {@code
 *       react.property.KEY} per store property; opening checks them against the options.
 *   <li>Searches read the latest commit through a {@code SearcherManager} refreshed after each commit
 *       (not the writer's uncommitted state): a batch becomes visible when its commit is durable.
 * </ul>
 *
 * <h2>Tuning</h2>
 *
 * <ul>
 *   <li>{@code candidates} in {@link org.reactvl.index.SearchRequest} is the search beam: the main
 *       recall/speed dial. On 100k clustered 512-d vectors (M 16, beam width 100, one segment) float32
 *       reaches recall@10 0.97 at 20 candidates and 0.99 at 50; see the benchmark figures in {@link
 *       org.reactvl.index}.
 *   <li>{@code maxConn} (M) and {@code beamWidth} trade indexing time and graph memory for recall;
 *       the defaults (16, 100) are Lucene's.
 *   <li>{@link org.reactvl.index.lucene.LuceneEmbeddingStore#forceMerge(int) forceMerge(1)} after a bulk
 *       load: one graph is searched faster than many, but merging rebuilds graphs and takes about as
 *       long as indexing.
 *   <li>Each {@code upsert} commits (an fsync): index in batches of thousands, not one by one.
 *   <li>Run the JVM with {@code --add-modules jdk.incubator.vector} (Lucene then logs "Java vector
 *       incubator API enabled"): without it vector math is scalar and several times slower.
 * </ul>
 */
package org.reactvl.index.lucene;
