/**
 * Pools: the large, noisy collection of image-text pairs that REACT retrieves from (LAION in the
 * paper), and how it gets into embedding stores.
 *
 * <ul>
 *   <li>{@link org.reactvl.index.pool.ImageTextPair}: one pair (id, image location, caption,
 *       alternative captions, metadata); {@link org.reactvl.index.pool.PoolManifest} reads and writes
 *       pools as JSON Lines, naming {@code file:line} for a bad line.
 *   <li>{@link org.reactvl.index.pool.PoolIndexer}: embeds a pool with an {@link
 *       org.reactvl.index.embed.Embedder} into an image store (for text-to-image and image-to-image
 *       retrieval) and/or a caption store (text-to-text), in batches, resumably, with progress reports.
 *   <li>{@link org.reactvl.index.pool.EmbeddingImporter}: imports vectors computed elsewhere
 *       ({@code img_emb_N.npy} / {@code text_emb_N.npy} shards with JSON Lines metadata).
 *   <li>{@link org.reactvl.index.pool.PoolStores}: the store properties (model fingerprint, key) that
 *       keep vectors of different models apart, and the checks that enforce it.
 *   <li>{@link org.reactvl.index.pool.PoolShard}: a deterministic slice of a pool by a hash of the pair
 *       id, so that n indexers or importers on n machines fill the same (Solr) stores in parallel.
 * </ul>
 *
 * <p>Every pool store entry is keyed by the pair id and carries the pair's image location and captions
 * as metadata, so a search hit is all a retrieved set needs.
 */
package org.reactvl.index.pool;
