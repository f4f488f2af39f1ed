/**
 * Embedders: the part of a model that pool indexing and retrieval use, texts and images to vectors of
 * one space, with a fingerprint naming the model.
 *
 * <p>{@link org.reactvl.index.embed.ClipEmbedder} wraps a {@link org.reactvl.core.clip.ClipModel} and
 * the CLIP tokenizer. Stores record the fingerprint of the embedder that filled them, and both
 * {@link org.reactvl.index.pool.PoolIndexer} and {@link org.reactvl.index.retrieval.KnnRetriever}
 * refuse a store made by another model: vectors of different models are not comparable.
 */
package org.reactvl.index.embed;
